package org.bnsweep.results;

import org.apache.parquet.example.data.Group;

/**
 * The optional scalar fields of a row read with parquet-mr's example Group (the driver's reads
 * without Spark: {@link TrialSummary}, {@link FinishedTrials}): null when the file's schema
 * lacks the column (an older table) or the row has no value.
 */
final class ParquetFields {
  private ParquetFields() {}

  static boolean has(Group g, String column) {
    return g.getType().containsField(column) && g.getFieldRepetitionCount(column) == 1;
  }

  static String string(Group g, String column) {
    return has(g, column) ? g.getString(column, 0) : null;
  }

  static Integer integer(Group g, String column) {
    return has(g, column) ? g.getInteger(column, 0) : null;
  }

  static Double number(Group g, String column) {
    return has(g, column) ? g.getDouble(column, 0) : null;
  }
}
