package org.bnsweep.report;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.bnsweep.results.TrialColumns;

/**
 * The hyperparameter columns of the results table that the report knows, in one list: the
 * column, its Spark SQL type, the name a sweep file uses for it, and whether it is plotted on a
 * log scale. The schema {@link TrialReader} reads, {@link Trial#params()}, the axes of the
 * parallel coordinates and heat maps, and the columns of the trials table all derive from it.
 *
 * <p>{@code init} is not listed: it is {@code he} or the sigma as text, so {@code sigma} (null
 * for He, shown as "he") carries the same information as a number.
 */
final class HyperColumn {
  /** Every hyperparameter column, from the table's declarations. */
  private static final List<HyperColumn> ALL = TrialColumns.PARAMETERS.stream()
      .map(HyperColumn::new).toList();

  static final HyperColumn LAMBDA = named("lambda");
  static final HyperColumn SIGMA = named("sigma");
  static final HyperColumn HIDDEN = named("hidden");
  static final HyperColumn BATCH_NORM = named("batch_norm");
  static final HyperColumn BATCH_SIZE = named("batch_size");
  static final HyperColumn STEP_SIZE = named("step_size");

  /** Numbers get numeric axes; categories (booleans, widths, text) one tick per value. */
  enum Kind { REAL, INTEGER, CATEGORY }

  private final String column;
  private final String label;
  private final Kind kind;
  private final boolean logScale;

  private HyperColumn(TrialColumns.ParameterColumn c) {
    this.column = c.column();
    this.label = c.label();
    this.kind = switch (c.type()) {
      case DOUBLE -> Kind.REAL;
      case INT, LONG -> Kind.INTEGER;
      default -> Kind.CATEGORY;
    };
    this.logScale = c.logScale();
  }

  private static HyperColumn named(String column) {
    return ALL.stream().filter(c -> c.column.equals(column)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no hyperparameter column " + column));
  }

  /** All of them, in declaration order. */
  static List<HyperColumn> values() {
    return ALL;
  }

  @Override
  public String toString() {
    return column;
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
    return ALL.stream()
        .filter(c -> trials.stream().map(t -> t.param(c)).distinct().limit(2).count() > 1)
        .toList();
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
