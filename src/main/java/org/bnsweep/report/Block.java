package org.bnsweep.report;

import java.util.List;

/**
 * A piece of a report section. The sections decide what to say; {@link HtmlPage} and
 * {@link MarkdownPage} decide how, so that the two pages cannot drift apart in content.
 */
public sealed interface Block {

  /** A paragraph of plain text (also the one-line notes for data a sweep does not have). */
  record Text(String text) implements Block {}

  /** A PNG already written into the output folder, by file name relative to it. */
  record Figure(String file, String caption) implements Block {}

  /**
   * A table of preformatted cells; every row has as many cells as the header.
   *
   * @param sortable the HTML page sorts it by a column when its header is clicked
   */
  record Table(String caption, List<String> header, List<List<String>> rows, boolean sortable)
      implements Block {
    public Table(String caption, List<String> header, List<List<String>> rows) {
      this(caption, header, rows, false);
    }

    static Table sortable(String caption, List<String> header, List<List<String>> rows) {
      return new Table(caption, header, rows, true);
    }

    public Table {
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
