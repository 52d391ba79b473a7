package org.bnsweep.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Rows of a query as a SQL shell prints them: a header, a rule, one line per row with the
 * columns aligned (numbers to the right), each cell at most {@link #CELL_WIDTH} characters
 * ({@link SqlText}), and the row count. A result of one string column (EXPLAIN, SHOW CREATE
 * TABLE, a trial's error) is printed whole, line breaks included: there is nothing to align.
 */
final class TextTable {
  static final int CELL_WIDTH = 48;

  private TextTable() {}

  static List<String> lines(StructType schema, List<Row> rows, SqlText text) {
    StructField[] fields = schema.fields();
    boolean whole = fields.length == 1 && fields[0].dataType().equals(DataTypes.StringType);
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      header[i] = fields[i].name();
    }
    cells.add(header);
    for (Row r : rows) {
      String[] line = new String[fields.length];
      for (int i = 0; i < fields.length; i++) {
        Object v = r.get(i);
        line[i] = whole ? (v == null ? SqlText.NULL : v.toString())
            : text.shortened(v, fields[i].dataType(), CELL_WIDTH);
      }
      cells.add(line);
    }
    int[] width = new int[fields.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length && !whole; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < cells.size(); k++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < fields.length; i++) {
        boolean right = fields[i].dataType() instanceof NumericType;
        sb.append(i == 0 ? "" : "  ").append(pad(cells.get(k)[i], width[i], right));
      }
      out.add(sb.toString().stripTrailing());
      if (k == 0) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
          rule.append(i == 0 ? "" : "  ")
              .append("-".repeat(whole ? header[i].length() : width[i]));
        }
        out.add(rule.toString());
      }
    }
    out.add("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    return out;
  }

  private static String pad(String s, int width, boolean right) {
    String space = " ".repeat(Math.max(0, width - s.length()));
    return right ? space + s : s + space;
  }
}
