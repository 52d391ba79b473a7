package org.bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/reports.md names, in bold, every section the report can build: each section class's
 * {@code TITLE} (read from the sources, so that a new section class is caught too) and the live
 * page's "Running now".
 */
class SectionsDocumentedTest {
  private static final Path SOURCES = Path.of("src/main/java/org/bnsweep/report");
  private static final Pattern TITLE =
      Pattern.compile("static final String (?:TITLE|RUNNING) = \"([^\"]+)\";");

  @Test
  void everySectionTheReportBuildsIsListedInTheDocument() throws IOException {
    List<String> titles = titles();
    assertTrue(titles.size() >= 11, "section titles found in " + SOURCES + ": " + titles);
    assertTrue(titles.contains(Report.RUNNING) && titles.contains(RunSummarySection.TITLE),
        titles.toString());
    String doc = Files.readString(Path.of("docs/reports.md"));
    List<String> missing = titles.stream().filter(t -> !doc.contains("**" + t + "**")).toList();
    assertEquals(List.of(), missing, "sections missing from docs/reports.md");
  }

  private static List<String> titles() throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().flatMap(f -> {
        try {
          Matcher m = TITLE.matcher(Files.readString(f));
          return m.results().map(r -> r.group(1)).toList().stream();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
