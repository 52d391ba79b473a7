package org.bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of the synthetic table as a reader sees it: opened in headless Chromium, which
 * must load every image, log nothing to the console, sort the trials table on a click, fit a
 * phone's width, and paint a page that is not blank. Screenshots are kept under
 * {@code target/} for a person to look at. Without Chromium it is skipped on a developer's
 * machine and fails under CI (environment variable {@code CI} set, as {@code .ci/run} runs),
 * where a skipped browser test would pass unseen.
 */
class ReportBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SHOTS = Path.of("target");
  /** A page of text, tables and figures has thousands of colours; a blank one a handful. */
  private static final int MIN_COLOURS = 64;
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir static Path tmp;
  static SparkSession spark;
  static Report.Written report;

  /**
   * Skips the calling test class when {@code what} is missing on a developer's machine; fails
   * it under CI, which must run every browser test.
   */
  static void require(boolean present, String what) {
    if (!present && System.getenv("CI") != null) {
      fail(what + " is missing under CI (CI=" + System.getenv("CI") + "): .ci/run must install"
          + " it; a browser test may be skipped only on a developer's machine");
    }
    Assumptions.assumeTrue(present, what + " is missing; skipped (it would fail under CI)");
  }

  @BeforeAll
  static void writeReport() throws IOException {
    require(Files.isExecutable(CHROMIUM), CHROMIUM.toString());
    spark = Fixtures.sparkSession("local[2]");
    String table = tmp.resolve("trials").toString();
    SyntheticTable.write(spark, table);
    List<Trial> trials = TrialReader.open(spark, table).trials(SyntheticTable.FULL);
    // Under target/, beside the screenshots, so that a person can open what the browser saw.
    Path out = SHOTS.resolve("browser-report").toAbsolutePath();
    if (Files.isDirectory(out)) {
      try (Stream<Path> old = Files.list(out)) {
        for (Path f : old.toList()) {
          Files.delete(f);
        }
      }
    }
    // Both sweeps compared, as the command does, so that the history charts are drawn too.
    TrialReader reader = TrialReader.open(spark, table);
    Map<String, List<Trial>> compared = new LinkedHashMap<>();
    reader.sweeps().forEach(s -> compared.put(s, reader.trials(s)));
    report = Report.write(SyntheticTable.FULL, table, trials, compared,
        Files.createDirectories(out), Optional.empty());
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      Fixtures.stopSpark(spark);
    }
  }

  @Test
  void everyImageLoadsAndTheConsoleStaysEmpty() throws IOException, InterruptedException {
    Chromium run = chromium(report.html(), "--window-size=1280,2000",
        "--virtual-time-budget=10000", "--dump-dom");
    Matcher check = Pattern.compile("data-report-check=\"([^\"]*)\"").matcher(run.stdout());
    assertTrue(check.find(), "the page's check never ran (no data-report-check in the DOM): "
        + run.stdout().substring(0, Math.min(300, run.stdout().length())));
    assertEquals("ok", check.group(1).replace("&amp;", "&"), "the page's own check");
    assertEquals(List.of(), run.console(), "console messages");
    int images = count(run.stdout(), "<img ");
    long still = report.sections().stream().flatMap(s -> s.blocks().stream())
        .filter(b -> b instanceof Block.Figure f && f.chart().isEmpty()).count();
    assertEquals(still, images, "images in the page");
    assertTrue(count(run.stdout(), "<canvas") >= report.figures().size() - still,
        "ECharts drew a canvas for every interactive figure");
    assertEquals(images, count(run.stdout(), "<img alt=\""), "every image has alt text");
  }

  /**
   * Positive controls: the same page with a script that logs a console error, and with an image
   * that cannot load, must each fail the page's check and (the first) show in the console.
   */
  @Test
  void aConsoleErrorOrABrokenImageFailsTheCheck() throws IOException, InterruptedException {
    String page = Files.readString(report.html());
    Path noisy = report.html().resolveSibling("control-console-error.html");
    Files.writeString(noisy, page.replace("</body>",
        "<script>console.error('planted error');</script></body>"), StandardCharsets.UTF_8);
    Path broken = report.html().resolveSibling("control-broken-image.html");
    Files.writeString(broken, page.replace("</body>",
        "<img alt=\"planted\" src=\"no-such-figure.png\"></body>"), StandardCharsets.UTF_8);
    for (Path control : List.of(noisy, broken)) {
      Chromium run = chromium(control, "--window-size=1280,2000",
          "--virtual-time-budget=10000", "--dump-dom");
      Matcher check = Pattern.compile("data-report-check=\"([^\"]*)\"").matcher(run.stdout());
      assertTrue(check.find(), "the check never ran on " + control);
      assertTrue(check.group(1).startsWith("failed:"), control + ": " + check.group(1));
      if (control == noisy) {
        assertTrue(check.group(1).contains("planted error"), check.group(1));
        assertTrue(run.console().stream().anyMatch(l -> l.contains("planted error")),
            "console: " + run.console());
      } else {
        assertTrue(check.group(1).contains("1 of "), check.group(1));
      }
    }
  }

  /**
   * The top of the page, and the hyperparameter search section (a copy of the page that hides
   * what comes before it: Chromium paints nothing when it screenshots a page opened at an
   * anchor), at desktop and at phone width.
   */
  @Test
  void screenshotsAtDesktopAndPhoneWidthAreNotBlank() throws IOException, InterruptedException {
    String page = Files.readString(report.html());
    Matcher anchor = Pattern.compile("<h2 id=\"(s\\d+)\">\\d+\\. " + SearchSection.TITLE)
        .matcher(page);
    assertTrue(anchor.find(), "no heading " + SearchSection.TITLE);
    Path search = report.html().resolveSibling("search-section.html");
    Files.writeString(search, page.replace("</head>", "<style>body > :has(~ #" + anchor.group(1)
        + ") { display: none; }</style>\n</head>"), StandardCharsets.UTF_8);
    List<List<String>> shots = List.of(
        List.of("report-screenshot.png", "1280,2000", report.html().toString()),
        List.of("report-screenshot-search.png", "1280,2000", search.toString()),
        List.of("report-screenshot-phone.png", "390,2000", report.html().toString()),
        List.of("report-screenshot-phone-search.png", "390,2000", search.toString()));
    for (List<String> shot : shots) {
      Path png = SHOTS.resolve(shot.get(0)).toAbsolutePath();
      Files.deleteIfExists(png);
      chromium(Path.of(shot.get(2)), "--window-size=" + shot.get(1),
          "--virtual-time-budget=10000", "--screenshot=" + png);
      BufferedImage image = ImageIO.read(png.toFile());
      assertNotNull(image, png + " is not a readable PNG");
      assertEquals(Integer.parseInt(shot.get(1).split(",")[0]), image.getWidth(), png.toString());
      int colours = colours(image);
      assertTrue(colours >= MIN_COLOURS, png + " has " + colours + " colours: blank?");
    }
  }

  /**
   * A copy of the page with a script appended that clicks the validation accuracy header twice
   * and records the column and the page's width: the sort must put the best trial first, and
   * at phone width only the table may scroll sideways, not the page.
   */
  @Test
  void trialsTableSortsOnAClickAndThePageFitsAPhone() throws IOException, InterruptedException {
    String page = Files.readString(report.html());
    String probe = """
        <script>
        window.addEventListener('load', function () {
          var table = document.querySelector('table.sortable');
          var heads = Array.prototype.map.call(table.tHead.rows[0].cells,
              function (h) { return h.textContent; });
          var col = heads.indexOf('validation accuracy');
          var th = table.tHead.rows[0].cells[col];
          th.click();
          th.click();
          var cells = Array.prototype.map.call(table.tBodies[0].rows,
              function (r) { return r.cells[col].textContent; });
          var out = document.createElement('pre');
          out.id = 'probe';
          out.textContent = 'sort=' + th.getAttribute('aria-sort') + '\\n'
              + 'overflow=' + (document.documentElement.scrollWidth > window.innerWidth) + '\\n'
              + cells.join('\\n');
          document.body.appendChild(out);
        });
        </script>
        """;
    Path probed = report.html().resolveSibling("probe.html");
    Files.writeString(probed, page.replace("</body>", probe + "</body>"), StandardCharsets.UTF_8);
    Chromium run = chromium(probed, "--window-size=390,800", "--virtual-time-budget=10000",
        "--dump-dom");
    Matcher m = Pattern.compile("<pre id=\"probe\">([^<]*)</pre>").matcher(run.stdout());
    assertTrue(m.find(), "the probe did not run");
    List<String> lines = List.of(m.group(1).split("\n"));
    assertEquals("sort=descending", lines.get(0));
    assertEquals("overflow=false", lines.get(1), "the page is wider than a phone");
    List<String> cells = lines.subList(2, lines.size());
    assertEquals(SyntheticTable.FULL_TRIALS, cells.size());
    List<Double> numbers = new ArrayList<>();
    for (String c : cells) {
      if (!c.equals("n/a")) {
        numbers.add(Double.parseDouble(c.replace(" %", "")));
      }
    }
    assertEquals(numbers.stream().sorted(Comparator.reverseOrder()).toList(), numbers,
        "descending by value");
    assertEquals("n/a", cells.get(cells.size() - 1), "a trial without accuracy sorts last");
  }

  /** What one Chromium run printed: the DOM (when dumped), and its console messages. */
  private record Chromium(String stdout, List<String> console) {}

  private static Chromium chromium(Path page, String... args)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    Path out = tmp.resolve("chromium-out.txt");
    Path err = tmp.resolve("chromium-err.txt");
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
    command.addAll(List.of(args));
    command.add(page.toUri().toString());
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "chromium failed: " + stderr);
    // Chromium logs each console message (any level) as "...:CONSOLE(line)] "text", source:".
    List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    return new Chromium(Files.readString(out, StandardCharsets.UTF_8), console);
  }

  private static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }

  private static int count(String text, String needle) {
    return (int) Stream.iterate(text.indexOf(needle), i -> i >= 0,
        i -> text.indexOf(needle, i + 1)).count();
  }
}
