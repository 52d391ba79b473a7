package org.bnsweep.params;

/**
 * How a value is stored in a column of the results table: a hyperparameter's ({@link
 * ValueType#column}) and the table's other columns alike. The {@code results} package maps each
 * to its Parquet and Spark SQL type.
 */
public enum ColumnType {
  STRING, INT, LONG, DOUBLE, BOOLEAN,
  /** A list of whole numbers: layer widths. */
  INT_LIST,
  /** An instant, to the millisecond, in UTC. */
  TIMESTAMP,
  /** The per-epoch curve: a list of points, each a struct of {@code results.TrialColumns.CURVE}. */
  CURVE
}
