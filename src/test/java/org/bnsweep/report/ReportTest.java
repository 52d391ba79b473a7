package org.bnsweep.report;

import org.bnsweep.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.cli.Main;
import org.bnsweep.results.StageType;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a synthetic results table, read with Spark as the command reads it. */
class ReportTest {
  private static final List<String> FULL_FIGURES = List.of("best-accuracy.png", "best-loss.png",
      "stages-best.png", "loss-depth3.png", "loss-depth9.png", "lambda-search.png", "loss-sigma-1e-01.png",
      "loss-sigma-1e-03.png", "loss-sigma-1e-04.png", "parallel.png", "history.png",
      // Stages sweeping exactly two parameters: depth (hidden x BN), init (sigma x BN), ...
      "heatmap-depth.png", "heatmap-init.png", "heatmap-" + SyntheticTable.GRID + ".png",
      "heatmap-" + SyntheticTable.REFINE + ".png", "wall-time.png");

  @TempDir static Path tmp;
  static SparkSession spark;
  static String table;

  @BeforeAll
  static void writeTable() {
    spark = Fixtures.sparkSession("local[2]");
    table = tmp.resolve("trials").toString();
    SyntheticTable.write(spark, table);
  }

  @AfterAll
  static void stopSpark() {
    Fixtures.stopSpark(spark);
  }

  @Test
  void tableReadsBackIntoTrials() {
    TrialReader t = TrialReader.open(spark, table);
    assertEquals(List.of(SyntheticTable.FULL, SyntheticTable.SHALLOW), t.sweeps());
    List<Trial> trials = t.trials(SyntheticTable.FULL);
    assertEquals(SyntheticTable.FULL_TRIALS, trials.size());
    Trial failed = trials.stream().filter(x -> !x.ok()).findFirst().orElseThrow();
    assertEquals(TrialStatus.FAILED, failed.status());
    assertTrue(Double.isNaN(failed.valAccuracy()) && failed.curve().isEmpty(), failed.toString());
    Trial deep = trials.stream().filter(x -> x.depth() == 9).findFirst().orElseThrow();
    assertEquals(8, deep.hidden().size());
    assertEquals(8, deep.curve().size());
    assertEquals(1, deep.curve().get(0).epoch());

    Trial he = trials.stream().filter(x -> x.stage().equals(SyntheticTable.GRID)).findFirst()
        .orElseThrow();
    assertEquals(SyntheticTable.GRID_LAMBDAS[0], he.param(HyperColumn.LAMBDA));
    assertEquals(null, he.param(HyperColumn.SIGMA), "He");
    assertEquals(100L, he.param(HyperColumn.BATCH_SIZE));
    assertEquals(List.of(50, 50), he.param(HyperColumn.HIDDEN));
    assertEquals(100.0 * he.curve().size(), he.updates());
    assertTrue(he.stageType().isEmpty(), "this table has no stage_type column");
    assertTrue(Double.isNaN(failed.updates()), failed.toString());
  }

  @Test
  void strayCorruptAndCopiedFilesDoNotBreakTheReport(@TempDir Path dir) throws IOException {
    String copy = dir.resolve("trials").toString();
    SyntheticTable.write(spark, copy);
    Path sweepDir = Path.of(copy, "sweep=" + SyntheticTable.FULL);
    List<Path> parts;
    try (var files = Files.list(sweepDir)) {
      parts = files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
    }
    Files.writeString(sweepDir.resolve("notes.txt"), "my notes");
    Files.copy(parts.get(0), sweepDir.resolve("copy-of-a-trial-file.parquet"));
    Files.write(sweepDir.resolve("trial-0123456789abcdef.parquet"),
        Arrays.copyOf(Files.readAllBytes(parts.get(0)), 100)); // truncated
    List<Trial> trials = TrialReader.open(spark, copy).trials(SyntheticTable.FULL);
    assertEquals(SyntheticTable.FULL_TRIALS, trials.size());
  }

  @Test
  void stageTypeIsReadWhenTheTableHasIt(@TempDir Path dir) {
    String typed = dir.resolve("typed").toString();
    SyntheticTable.writeTrialFiles(spark.createDataFrame(SyntheticTable.rows(),
        SyntheticTable.SCHEMA).where("sweep = '" + SyntheticTable.SHALLOW + "'")
        .withColumn("stage_type", org.apache.spark.sql.functions.lit("grid")), typed);
    List<Trial> trials = TrialReader.open(spark, typed).trials(SyntheticTable.SHALLOW);
    assertEquals(2, trials.size());
    assertTrue(trials.stream().allMatch(t -> t.stageType().equals(java.util.Optional.of(StageType.of("grid")))
        && t.historyGroup().equals("grid")), trials.toString());
  }

  @Test
  void fullSweepGivesFiguresAnHtmlPageWithThemEmbeddedAndAMarkdownTwin(@TempDir Path out)
      throws IOException {
    List<Trial> trials = TrialReader.open(spark, table).trials(SyntheticTable.FULL);
    Report.Written w = Report.write(SyntheticTable.FULL, table, trials, out);

    assertEquals(FULL_FIGURES, w.figures().stream().map(p -> p.getFileName().toString()).toList());
    for (String png : FULL_FIGURES) {
      BufferedImage image = ImageIO.read(out.resolve(png).toFile());
      assertNotNull(image, png + " is not a readable image");
      assertEquals(Figures.WIDTH, image.getWidth(), png);
      assertEquals(Figures.HEIGHT, image.getHeight(), png);
    }

    String html = Files.readString(w.html());
    // The interactive figures are drawn from the page's data, their PNGs linked; the others
    // are embedded.
    List<String> interactive = List.of("best-accuracy.png", "best-loss.png", "lambda-search.png",
        "parallel.png", "heatmap-depth.png", "heatmap-init.png",
        "heatmap-" + SyntheticTable.GRID + ".png", "heatmap-" + SyntheticTable.REFINE + ".png");
    assertEquals(FULL_FIGURES.size() - interactive.size(),
        count(html, "src=\"data:image/png;base64,"), "every still figure embedded");
    assertEquals(interactive.size(), count(html, "<div class=\"chart\" data-chart="));
    for (String png : interactive) {
      assertTrue(html.contains("<a href=\"" + png + "\">PNG</a>"), png + " linked");
    }
    assertTrue(Files.isRegularFile(out.resolve(Report.ECHARTS)), "ECharts beside the page");
    assertTrue(html.contains("<script src=\"" + Report.ECHARTS + "\">"), "and loaded by it");
    assertFalse(html.contains("location.reload"), "not a live page");
    assertTrue(html.indexOf("<h2 id=\"s1\">1. " + BestSection.TITLE + "</h2>")
        < html.indexOf("<h2 id=\"s2\">"), "the best trial first");
    // Rows sigma, columns BN on / BN off; cells the test accuracies of SyntheticTable.
    assertTrue(html.contains("<tr><th>sigma</th><th>BN on</th><th>BN off</th></tr>"), html);
    assertTrue(html.contains("<tr><td>1e-01</td><td>52.00 %</td><td>50.00 %</td></tr>"));
    assertTrue(html.contains("<tr><td>1e-03</td><td>51.50 %</td><td>35.00 %</td></tr>"));
    assertTrue(html.contains("<tr><td>1e-04</td><td>50.00 %</td><td>10.00 %</td></tr>"));
    assertTrue(html.contains("Best trial of the search: fine/"
        + SyntheticTable.id(SyntheticTable.FULL, "fine-2")), "best of the search");
    // The best of the sweep is the final retraining (54 %), trained with seeds 7 and 7.
    assertTrue(html.contains("Trial final/"
        + SyntheticTable.id(SyntheticTable.FULL, "final-0") + " reached the highest validation accuracy"),
        html);
    assertTrue(html.contains("<pre><code>submit/bnsweep train --set"
        + " &#39;network.hidden=[50,50]&#39;".replace("&#39;", "'")), html);
    assertTrue(html.contains("--set training.lambda=0.003 "), "lambda as Java prints it");
    assertTrue(html.contains("--training-seed 7</code></pre>"), html);
    assertTrue(html.contains("marked in red (lambda 3e-03, validation accuracy 53.10 %)"),
        "best point labelled");
    assertTrue(html.contains("<td>final</td><td>" + SyntheticTable.id(SyntheticTable.FULL,
        "final-0") + "</td>"), "final stage at best lambda");
    assertTrue(html.contains("<tr><td>failed</td><td>1</td></tr>"), "trials by status");
    assertTrue(html.contains("OutOfMemoryError"), "the failed trial's error");
    assertTrue(html.contains("computed instead on stage " + SyntheticTable.GRID + ", the largest"
        + " stage whose finished trials form a full grid (3 sigma x 4 lambda, 12 trials)"), html);
    int sortable = html.indexOf("<table class=\"sortable\"");
    assertTrue(sortable >= 0, "the trials table sorts");
    assertEquals(SyntheticTable.FULL_TRIALS + 1,
        count(html.substring(sortable, html.indexOf("</table>", sortable)), "<tr"),
        "a row per trial and the header");
    assertEquals(SyntheticTable.FULL_TRIALS, count(html, "<tr data-trial=\""),
        "each row names its trial, for the brush to filter");

    String md = Files.readString(w.markdown());
    for (String png : FULL_FIGURES) {
      assertTrue(md.contains("](" + png + ")"), "Markdown references " + png);
    }
    assertTrue(md.contains("| 1e-04 | 50.00 % | 10.00 % |"), md);
    assertFalse(md.contains("no 9-layer trials"), md);
  }

  @Test
  void sectionsWithNothingToShowLeaveThePage(@TempDir Path out)
      throws IOException {
    List<Trial> trials = TrialReader.open(spark, table).trials(SyntheticTable.SHALLOW);
    Report.Written w = Report.write(SyntheticTable.SHALLOW, table, trials, out);
    assertEquals(List.of("best-accuracy.png", "best-loss.png", "loss-depth3.png",
        "parallel.png", "history.png", "wall-time.png"),
        w.figures().stream().map(p -> p.getFileName().toString()).toList());
    // Sections with nothing to show leave the page and its contents; a note inside a section
    // that shows something (the 3-layer pair) stays.
    assertEquals(List.of(BestSection.TITLE, DepthSection.TITLE, SearchSection.TITLE,
        TrialsSection.TITLE, RunSummarySection.TITLE),
        w.sections().stream().map(Section::title).toList());
    for (Path page : List.of(w.html(), w.markdown())) {
      String text = Files.readString(page);
      assertTrue(text.contains("no 9-layer trials in this sweep"), text);
      for (String gone : List.of(LambdaSection.TITLE, InitSection.TITLE, HalvingSection.TITLE,
          "no lambda search in this sweep", "no trials with a fixed initial sigma")) {
        assertFalse(text.contains(gone), gone + " in " + page);
      }
    }
  }

  @Test
  void badInputFailsWithOneLineNamingTheThingAndTheFix(@TempDir Path dir) throws IOException {
    TrialReader t = TrialReader.open(spark, table);

    var ambiguous = assertThrows(IllegalArgumentException.class, () -> t.chooseSweep(null));
    assertTrue(ambiguous.getMessage().contains("2 sweeps (full, shallow)")
        && ambiguous.getMessage().contains("--sweep"), ambiguous.getMessage());

    var unknown = assertThrows(IllegalArgumentException.class, () -> t.chooseSweep("nope"));
    assertTrue(unknown.getMessage().contains("no sweep 'nope'")
        && unknown.getMessage().contains("full, shallow"), unknown.getMessage());
    assertEquals("full", t.chooseSweep("full"));

    String missing = dir.resolve("absent").toString();
    var absent = assertThrows(IllegalArgumentException.class,
        () -> TrialReader.open(spark, missing));
    assertTrue(absent.getMessage().contains(missing)
        && absent.getMessage().contains("--results"), absent.getMessage());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    var none = assertThrows(IllegalArgumentException.class,
        () -> TrialReader.open(spark, empty.toString()).chooseSweep(null));
    assertTrue(none.getMessage().contains("holds no trials"), none.getMessage());

    // A regular file where the output folder should be: not creatable whoever runs the test.
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    var unwritable = assertThrows(IllegalArgumentException.class,
        () -> Report.prepareOutput(file.resolve("report")));
    assertTrue(unwritable.getMessage().startsWith("--out " + file.resolve("report"))
        && unwritable.getMessage().contains("writable"), unwritable.getMessage());

    for (var e : List.of(ambiguous, unknown, absent, none, unwritable)) {
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
  }

  @Test
  void commandWritesTheReportAndReportsErrorsInOneLine(@TempDir Path out) throws IOException {
    // The command finds this class's session and, not having started it, leaves it running.
    assertEquals(0, Main.run("report", "--results", table, "--sweep", SyntheticTable.FULL,
        "--out", out.toString()));
    assertTrue(Files.readString(out.resolve(Report.HTML)).contains("sweep full"));
    assertTrue(Files.isRegularFile(out.resolve(Report.MARKDOWN)));
    assertFalse(spark.sparkContext().isStopped());

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(1, Main.run("report", "--results", table, "--out", out.toString()));
    } finally {
      System.setErr(saved);
    }
    String line = err.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.startsWith("bnsweep report: error: results table " + table)
        && line.endsWith("choose one with --sweep NAME") && !line.contains("\n"), line);
  }

  /**
   * The command compares every sweep of the table by default, or those named by --compare. The
   * shallow sweep's two trials start 60 s apart (depth-0 at 0 s for 30 s, depth-1 at 60 s for
   * 33 s, 800 updates each, accuracy 0.51 then 0.49): best 0.51 after 30 and 63 trial-seconds,
   * 30 and 93 wall seconds, 800 and 1,600 updates.
   */
  @Test
  void commandComparesTheSweepsOfTheTable(@TempDir Path out) throws IOException {
    List<Trial> shallow = TrialReader.open(spark, table).trials(SyntheticTable.SHALLOW);
    assertEquals(List.of(
        new Comparison.Point(30, 30, 800, 0.51, SyntheticTable.id(SyntheticTable.SHALLOW,
            "depth-0")),
        new Comparison.Point(63, 93, 1600, 0.51, SyntheticTable.id(SyntheticTable.SHALLOW,
            "depth-1"))), Comparison.history(shallow));

    assertEquals(0, Main.run("report", "--results", table, "--sweep", SyntheticTable.SHALLOW,
        "--out", out.toString()));
    String html = Files.readString(out.resolve(Report.HTML));
    assertTrue(html.contains(Comparison.TITLE + "</h2>"), "the section is on the page");
    assertTrue(html.contains("{\"name\":\"" + SyntheticTable.FULL + "\",\"points\":[")
        && html.contains("{\"name\":\"" + SyntheticTable.SHALLOW
            + "\",\"points\":[[30.0,51.0,\"" + SyntheticTable.id(SyntheticTable.SHALLOW,
            "depth-0") + "\"]"), "both sweeps in the page's data");
    for (Comparison.Scale s : Comparison.Scale.values()) {
      assertTrue(html.contains("data-chart=\"" + s.key() + "\""), s.key());
      assertNotNull(ImageIO.read(out.resolve("history-" + s.file + ".png").toFile()), s.file);
    }

    assertEquals(0, Main.run("report", "--results", table, "--sweep", SyntheticTable.SHALLOW,
        "--compare", SyntheticTable.SHALLOW, "--out", out.toString()));
    html = Files.readString(out.resolve(Report.HTML));
    assertFalse(html.contains("{\"name\":\"" + SyntheticTable.FULL + "\",\"points\""),
        "--compare names the sweeps drawn");
    assertEquals(1, Main.run("report", "--results", table, "--sweep", SyntheticTable.SHALLOW,
        "--compare", "nosuch", "--out", out.toString()));
  }

  /**
   * {@code report --watch}: a live page with the running trials' heartbeat lines that reloads
   * itself, rewritten each round; the trial whose heartbeat ended is gone from it.
   */
  @Test
  void watchWritesALivePageWithTheRunningTrials(@TempDir Path dir) throws IOException,
      InterruptedException {
    String copy = dir.resolve("trials").toString();
    SyntheticTable.write(spark, copy);
    Path beats = Files.createDirectories(Path.of(copy, "_progress", SyntheticTable.SHALLOW));
    Files.writeString(beats.resolve("0123456789abcdef.txt"), "epoch 3/8 val 0.4012");
    Path out = dir.resolve("live");
    assertEquals(0, Main.run("report", "--results", copy, "--sweep", SyntheticTable.SHALLOW,
        "--out", out.toString(), "--watch", "--every", "2", "--rounds", "1"));
    String html = Files.readString(out.resolve(Report.HTML));
    assertTrue(html.contains("<h2 id=\"s1\">1. " + Report.RUNNING + "</h2>"), html);
    assertTrue(html.contains("<tr><td>0123456789abcdef</td><td>epoch 3/8 val 0.4012</td></tr>"),
        html);
    assertTrue(html.contains("location.reload(); }, 2000);"), "reloads every 2 s");
    assertTrue(html.contains("<tr data-trial=\"" + SyntheticTable.id(SyntheticTable.SHALLOW,
        "depth-1") + "\">"), "the finished trials too");

    Files.delete(beats.resolve("0123456789abcdef.txt"));
    assertEquals(0, Main.run("report", "--results", copy, "--sweep", SyntheticTable.SHALLOW,
        "--out", out.toString(), "--watch", "--every", "1", "--rounds", "1"));
    html = Files.readString(out.resolve(Report.HTML));
    assertFalse(html.contains("0123456789abcdef"), "the ended trial is no longer running");
    assertTrue(html.contains("No trial is running right now."), html);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
