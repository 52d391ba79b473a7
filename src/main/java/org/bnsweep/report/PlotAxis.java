package org.bnsweep.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One hyperparameter laid out along a line for the Java2D figures: its distinct values in axis
 * order, each at a coordinate (log10 of the value on a log scale, the value on a linear one, the
 * rank for categories), and ticks. A null value (sigma of a He trial) sits one step before the
 * smallest number, so He and sigma trials share the sigma axis.
 */
final class PlotAxis {
  /** Ticks are the values themselves up to this many; beyond it, round numbers. */
  private static final int MAX_VALUE_TICKS = 8;

  /** Stands for null among the values, since List.copyOf refuses nulls. */
  private static final Object NONE = new Object();

  record Tick(double coordinate, String label) {}

  private final HyperColumn column;
  private final List<Object> values;
  private final double[] coordinates;
  private final double step;

  PlotAxis(HyperColumn column, Collection<?> values) {
    this.column = column;
    List<Object> distinct = new ArrayList<>();
    values.stream().distinct().sorted(column.order()).forEach(distinct::add);
    if (distinct.isEmpty()) {
      throw new IllegalArgumentException("axis " + column.label() + " needs at least one value");
    }
    this.values = List.copyOf(distinct.stream().map(v -> v == null ? NONE : v).toList());
    double[] c = new double[distinct.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = column.numeric() ? transform(column.number(distinct.get(i))) : i;
    }
    int firstNumber = distinct.get(0) == null ? 1 : 0;
    int numbers = c.length - firstNumber;
    double span = numbers > 1 ? c[c.length - 1] - c[firstNumber] : 0;
    this.step = column.numeric() && numbers > 1 ? span / (numbers - 1) : 1;
    if (firstNumber == 1) {
      c[0] = numbers > 0 ? c[1] - step : 0;
    }
    this.coordinates = c;
  }

  HyperColumn column() {
    return column;
  }

  String title() {
    return column.label() + (column.logScale() ? " (log)" : "");
  }

  int size() {
    return values.size();
  }

  /** The axis coordinate of {@code value}, which may lie between or beyond the axis values. */
  double coordinate(Object value) {
    int i = values.indexOf(value == null ? NONE : value);
    if (i >= 0) {
      return coordinates[i];
    }
    if (!accepts(value)) {
      throw new IllegalArgumentException(column.label() + " value " + column.format(value)
          + " is not on the axis of " + values.size() + " values");
    }
    return transform(column.number(value));
  }

  /** True when {@link #coordinate} can place {@code value}: a number, or a value on the axis. */
  boolean accepts(Object value) {
    return values.contains(value == null ? NONE : value)
        || column.numeric() && value instanceof Number;
  }

  /** Coordinates of the axis values in axis order. */
  double[] coordinates() {
    return coordinates.clone();
  }

  /** The distinct values in axis order (null for He). */
  List<Object> values() {
    return values.stream().map(v -> v == NONE ? null : v).toList();
  }

  /** The typical distance between neighbouring values, in coordinates. */
  double step() {
    return step;
  }

  double low() {
    return coordinates[0];
  }

  double high() {
    return coordinates[coordinates.length - 1];
  }

  private double transform(double v) {
    return column.logScale() ? Math.log10(v) : v;
  }

  /**
   * The ticks: every value when there are few, else round numbers (powers of ten on a log
   * scale) between the ends, with null's tick kept.
   */
  List<Tick> ticks() {
    List<Tick> ticks = new ArrayList<>();
    if (!column.numeric() || values.size() <= MAX_VALUE_TICKS) {
      for (int i = 0; i < values.size(); i++) {
        ticks.add(new Tick(coordinates[i], column.format(values().get(i))));
      }
      return ticks;
    }
    if (values.get(0) == NONE) {
      ticks.add(new Tick(coordinates[0], column.format(null)));
    }
    double lo = values.get(0) == NONE ? coordinates[1] : coordinates[0];
    double hi = high();
    if (column.logScale() && Math.floor(hi) - Math.ceil(lo) >= 1) {
      for (double k = Math.ceil(lo); k <= hi; k++) {
        ticks.add(new Tick(k, Format.sci(Math.pow(10, k))));
      }
    } else {
      for (int i = 0; i <= 4; i++) {
        double x = lo + i * (hi - lo) / 4;
        Object v = isInteger() ? (Object) Math.round(x)
            : (Object) (column.logScale() ? Math.pow(10, x) : x);
        ticks.add(new Tick(x, column.format(v)));
      }
    }
    return ticks;
  }

  private boolean isInteger() {
    return values.stream().filter(v -> v != NONE).allMatch(v -> v instanceof Long);
  }
}
