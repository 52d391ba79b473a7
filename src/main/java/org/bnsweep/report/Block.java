package org.bnsweep.report;

import java.util.List;

/**
 * A piece of a report section. The sections decide what to say; {@link HtmlPage} and
 * {@link MarkdownPage} decide how, so that the two pages cannot drift apart in content.
 */
public sealed interface Block {

  /** A paragraph of plain text (also the one-line notes for data a sweep does not have). */
  record Text(String text) implements Block {}

  /** A command for a shell, shown as it must be typed. */
  record Code(String text) implements Block {}

  /**
   * A PNG already written into the output folder, by file name relative to it.
   *
   * @param chart the interactive figure of the same data that the HTML page shows instead
   *     (a key of the page's data, see {@link ReportData}); empty for a still figure only
   */
  record Figure(String file, String caption, java.util.Optional<String> chart) implements Block {
    public Figure(String file, String caption) {
      this(file, caption, java.util.Optional.empty());
    }

    /** The same figure, shown in the HTML page as the interactive chart {@code key}. */
    Figure interactive(String key) {
      return new Figure(file, caption, java.util.Optional.of(key));
    }
  }

  /**
   * A table of preformatted cells; every row has as many cells as the header.
   *
   * @param sortable the HTML page sorts it by a column when its header is clicked
   * @param trialIds the trial of each row, for a table that follows the brushed selection of
   *     the interactive parallel coordinates; empty for other tables
   */
  record Table(String caption, List<String> header, List<List<String>> rows, boolean sortable,
      List<String> trialIds) implements Block {
    public Table(String caption, List<String> header, List<List<String>> rows) {
      this(caption, header, rows, false, List.of());
    }

    static Table sortable(String caption, List<String> header, List<List<String>> rows) {
      return new Table(caption, header, rows, true, List.of());
    }

    /** A sortable table of trials, one row per trial of {@code trialIds}. */
    static Table ofTrials(String caption, List<String> header, List<List<String>> rows,
        List<String> trialIds) {
      return new Table(caption, header, rows, true, trialIds);
    }

    public Table {
      trialIds = List.copyOf(trialIds);
      if (!trialIds.isEmpty() && trialIds.size() != rows.size()) {
        throw new IllegalArgumentException("a table of " + rows.size() + " rows needs as many"
            + " trial ids, got " + trialIds.size());
      }
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException("table row must have " + header.size()
              + " cells, got " + row.size() + ": " + row);
        }
      }
    }
  }
}
