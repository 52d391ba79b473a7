package org.bnsweep.report;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;

/**
 * The hyperparameter columns of the results table that the report knows, in one list: the
 * column, its Spark SQL type, the name a sweep file uses for it, and whether it is plotted on a
 * log scale. The schema {@link TrialReader} reads, {@link Trial#params()}, the axes of the
 * parallel coordinates and heat maps, and the columns of the trials table all derive from it.
 *
 * <p>{@code init} is not listed: it is {@code he} or the sigma as text, so {@code sigma} (null
 * for He, shown as "he") carries the same information as a number.
 */
enum HyperColumn {
  LAMBDA("lambda", "double", "lambda", Kind.REAL, true),
  ETA_MIN("eta_min", "double", "eta-min", Kind.REAL, true),
  ETA_MAX("eta_max", "double", "eta-max", Kind.REAL, true),
  BATCH_SIZE("batch_size", "int", "batch-size", Kind.INTEGER, false),
  STEP_SIZE("step_size", "int", "step-size", Kind.INTEGER, false),
  CYCLES("cycles", "int", "cycles", Kind.INTEGER, false),
  SIGMA("sigma", "double", "sigma", Kind.REAL, true),
  BATCH_NORM("batch_norm", "boolean", "batch-norm", Kind.CATEGORY, false),
  HIDDEN("hidden", "array<int>", "hidden", Kind.CATEGORY, false),
  BN_ALPHA("bn_alpha", "double", "bn-alpha", Kind.REAL, false),
  PRECISION("precision", "string", "precision", Kind.CATEGORY, false),
  /** The replicate seed: when it varies, its share of the variance is noise between repeats. */
  SEED("seed", "bigint", "seed", Kind.INTEGER, false);

  /** Numbers get numeric axes; categories (booleans, widths, text) one tick per value. */
  enum Kind { REAL, INTEGER, CATEGORY }

  private final String column;
  private final String sqlType;
  private final String label;
  private final Kind kind;
  private final boolean logScale;

  HyperColumn(String column, String sqlType, String label, Kind kind, boolean logScale) {
    this.column = column;
    this.sqlType = sqlType;
    this.label = label;
    this.kind = kind;
    this.logScale = logScale;
  }

  String column() {
    return column;
  }

  /** The sweep file's name for it, used on axes and table headers. */
  String label() {
    return label;
  }

  boolean numeric() {
    return kind != Kind.CATEGORY;
  }

  boolean logScale() {
    return logScale;
  }

  /**
   * The columns whose value differs between some of {@code trials} (a missing value, as sigma
   * of He, counts as a value), in declaration order: the parameters those trials sweep.
   */
  static List<HyperColumn> swept(Collection<Trial> trials) {
    return Stream.of(values())
        .filter(c -> trials.stream().map(t -> t.param(c)).distinct().limit(2).count() > 1)
        .toList();
  }

  /** The columns as Spark DDL, "lambda double, eta_min double, ...". */
  static String ddl() {
    return Stream.of(values()).map(c -> c.column + " " + c.sqlType)
        .collect(Collectors.joining(", "));
  }

  /**
   * This column's value in a table row, or null when null or absent: reals as Double, integers
   * as Long, widths as an unmodifiable List of Integer, booleans and text as they are.
   */
  Object read(Row r) {
    int i = r.fieldIndex(column);
    if (r.isNullAt(i)) {
      return null;
    }
    return switch (kind) {
      case REAL -> r.getDouble(i);
      case INTEGER -> ((Number) r.get(i)).longValue();
      case CATEGORY -> column.equals("hidden") ? List.copyOf(r.<Integer>getList(i)) : r.get(i);
    };
  }

  /** The value as a number for numeric axes; NaN for null (sigma of He) and categories. */
  double number(Object value) {
    return numeric() && value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** True when null is a value of its own: sigma is null for He initialisation. */
  boolean nullIsValue() {
    return this == SIGMA;
  }

  /** The value as shown in tables, ticks and captions. */
  String format(Object value) {
    if (value == null) {
      return nullIsValue() ? "he" : "n/a";
    }
    if (value instanceof Boolean b) {
      return b ? "on" : "off";
    }
    if (kind == Kind.REAL) {
      return logScale ? Format.sci((Double) value) : trim((Double) value);
    }
    return value.toString();
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.4g", v);
    return s.contains("e") ? s : s.replaceAll("\\.?0+$", "");
  }

  /**
   * Orders values along an axis: numbers ascending with null (He) first, categories by their
   * text with widths by depth then widths.
   */
  Comparator<Object> order() {
    if (numeric()) {
      return Comparator.nullsFirst(Comparator.comparingDouble(this::number));
    }
    return Comparator.nullsFirst(Comparator.comparing((Object v) -> v instanceof List<?> l
        ? l.size() : 0).thenComparing(this::format));
  }
}
