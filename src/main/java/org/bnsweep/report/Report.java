package org.bnsweep.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes one sweep's report into a folder: the PNG figures, {@code index.html} (still figures
 * embedded, interactive ones drawn by ECharts from data in the page, ECharts copied beside it)
 * and {@code report.md} referencing the PNGs. Spark-free: it takes trials already read.
 */
public final class Report {
  public static final String HTML = "index.html";
  public static final String MARKDOWN = "report.md";

  private Report() {}

  /** ECharts, copied beside the page, which loads it: the page needs no network. */
  public static final String ECHARTS = "echarts.min.js";
  /** The first section of a live page. */
  static final String RUNNING = "Running now";

  /**
   * The files written: the two pages and the figures, in page order, and the sections shown
   * (those with something to show).
   */
  public record Written(Path html, Path markdown, List<Path> figures, List<Section> sections) {}

  /**
   * Creates {@code out} if needed and checks that a file can be written in it, before any work
   * is done, so that a bad {@code --out} fails in a second rather than after reading the table.
   */
  public static Path prepareOutput(Path out) {
    try {
      Files.createDirectories(out);
      Path probe = Files.createTempFile(out, ".bnsweep-report", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException("--out " + out + " is not a writable directory ("
          + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); pass --out with a directory you can write to");
    }
    return out;
  }

  /**
   * What a live page shows beyond the table: the running trials' latest heartbeat lines.
   *
   * @param running heartbeat line ("epoch 3/8 val 0.4012") by trial id
   * @param reloadSeconds how often the page reloads itself, at least 1
   * @param written when the page was written, shown on it
   */
  public record Live(Map<String, String> running, int reloadSeconds, Instant written) {
    public Live {
      running = Map.copyOf(running);
      if (reloadSeconds < 1) {
        throw new IllegalArgumentException("a live page reloads every second or less often, got"
            + " every " + reloadSeconds + " s");
      }
    }
  }

  /**
   * Writes the report of {@code trials} of sweep {@code sweep}, read from {@code source}.
   *
   * @param out an existing, writable folder (see {@link #prepareOutput})
   */
  public static Written write(String sweep, String source, List<Trial> trials, Path out) {
    return write(sweep, source, trials, out, Optional.empty());
  }

  /**
   * Writes the report, a live one when {@code live} is present: it opens with the running
   * trials and reloads itself. Each file is replaced whole (written aside, then moved), so that
   * a page reloading while the report is rewritten never reads half a file.
   */
  public static Written write(String sweep, String source, List<Trial> trials, Path out,
      Optional<Live> live) {
    return write(sweep, source, trials, Map.of(), out, live);
  }

  /**
   * Writes the report with a section that compares the optimisation histories of
   * {@code compared} (trials by sweep name, in legend order); none when it is empty.
   */
  public static Written write(String sweep, String source, List<Trial> trials,
      Map<String, List<Trial>> compared, Path out, Optional<Live> live) {
    Figures figures = Figures.concurrent(out);
    List<Section> all = new ArrayList<>();
    live.ifPresent(l -> all.add(running(l)));
    try {
      all.addAll(List.of(BestSection.build(trials, figures), StagesSection.build(trials, figures),
          DepthSection.build(trials, figures),
          LambdaSection.build(trials, figures), InitSection.build(trials, figures),
          SearchSection.build(trials, figures), HalvingSection.build(trials, figures),
          Comparison.build(compared, figures), TrialsSection.build(trials),
          RunSummarySection.build(trials, figures)));
    } catch (RuntimeException e) {
      try {
        figures.finish();
      } catch (RuntimeException f) {
        e.addSuppressed(f);
      }
      throw e;
    }
    // Every figure written (or the first failure thrown) before the pages name them.
    figures.finish();
    List<Section> sections = all.stream().filter(s -> !s.empty()).toList();
    String title = "bnsweep report: sweep " + sweep;
    String meta = trials.size() + " trials of sweep '" + sweep + "' from " + source + ".";
    Set<String> charts = sections.stream().flatMap(s -> s.blocks().stream())
        .filter(Block.Figure.class::isInstance).map(b -> ((Block.Figure) b).chart())
        .flatMap(Optional::stream).collect(Collectors.toCollection(LinkedHashSet::new));
    Path html = out.resolve(HTML);
    Path markdown = out.resolve(MARKDOWN);
    try {
      if (!charts.isEmpty()) {
        copyScript(out.resolve(ECHARTS));
      }
      String data = ReportData.json(trials, compared, charts,
          live.map(Live::running).orElse(Map.of()));
      replace(html, HtmlPage.render(title, meta, sections, out, data,
          live.map(Live::reloadSeconds)));
      replace(markdown, MarkdownPage.render(title, meta, sections));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report in " + out + ": " + e.getMessage(), e);
    }
    List<Path> pngs = sections.stream().flatMap(s -> s.blocks().stream())
        .filter(Block.Figure.class::isInstance)
        .map(b -> out.resolve(((Block.Figure) b).file())).toList();
    return new Written(html, markdown, pngs, sections);
  }

  /** The section of a live page: which trials run now, how far each is. */
  private static Section running(Live live) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block.Text("Live: this page reloads itself every " + live.reloadSeconds()
        + " s while 'bnsweep report --watch' rewrites it; written at "
        + DateTimeFormatter.ISO_INSTANT.format(live.written().truncatedTo(ChronoUnit.SECONDS))
        + "."));
    if (live.running().isEmpty()) {
      blocks.add(new Block.Text("No trial is running right now."));
    } else {
      List<List<String>> rows = new TreeMap<>(live.running()).entrySet().stream()
          .map(e -> List.of(e.getKey(), e.getValue())).toList();
      blocks.add(new Block.Table(live.running().size()
          + (live.running().size() == 1 ? " trial" : " trials") + " running",
          List.of("trial", "latest epoch"), rows));
    }
    return new Section(RUNNING, blocks);
  }

  /** Copies ECharts beside the page, unless the same file is already there. */
  private static void copyScript(Path target) throws IOException {
    try (InputStream in = Report.class.getResourceAsStream(ECHARTS)) {
      if (in == null) {
        throw new IOException("the jar has no " + ECHARTS + " (a build without resources?)");
      }
      byte[] bytes = in.readAllBytes();
      if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
        return;
      }
      replace(target, bytes);
    }
  }

  private static void replace(Path target, String text) throws IOException {
    replace(target, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void replace(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), ".bnsweep-report", ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
