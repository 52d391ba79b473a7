package org.bnsweep.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one sweep's report into a folder: the PNG figures, {@code index.html} with the figures
 * embedded, and {@code report.md} referencing them. Spark-free: it takes trials already read.
 */
public final class Report {
  public static final String HTML = "index.html";
  public static final String MARKDOWN = "report.md";

  private Report() {}

  /** The files written: the two pages and the figures, in page order. */
  public record Written(Path html, Path markdown, List<Path> figures) {}

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
   * Writes the report of {@code trials} of sweep {@code sweep}, read from {@code source}.
   *
   * @param out an existing, writable folder (see {@link #prepareOutput})
   */
  public static Written write(String sweep, String source, List<Trial> trials, Path out) {
    Figures figures = new Figures(out);
    List<Section> sections = List.of(DepthSection.build(trials, figures),
        LambdaSection.build(trials, figures), InitSection.build(trials, figures),
        SearchSection.build(trials, figures), HalvingSection.build(trials, figures),
        TrialsSection.build(trials),
        RunSummarySection.build(trials, figures));
    String title = "bnsweep report: sweep " + sweep;
    String meta = trials.size() + " trials of sweep '" + sweep + "' from " + source + ".";
    Path html = out.resolve(HTML);
    Path markdown = out.resolve(MARKDOWN);
    try {
      Files.writeString(html, HtmlPage.render(title, meta, sections, out), StandardCharsets.UTF_8);
      Files.writeString(markdown, MarkdownPage.render(title, meta, sections),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report in " + out + ": " + e.getMessage(), e);
    }
    List<Path> pngs = sections.stream().flatMap(s -> s.blocks().stream())
        .filter(Block.Figure.class::isInstance)
        .map(b -> out.resolve(((Block.Figure) b).file())).toList();
    return new Written(html, markdown, pngs);
  }
}
