package org.bnsweep.sweep;

import java.util.List;
import java.util.OptionalInt;
import org.bnsweep.params.Setting;

/**
 * The values one axis of a search space may take, as read once from a sweep file (the value
 * objects of Optuna's search spaces: {@code CategoricalDistribution}, {@code
 * FloatDistribution(low, high, log)}).
 */
public sealed interface Distribution {

  /** A list of values, or one value: a grid takes each, a sampler picks among them. */
  record Choices(List<Setting<?>> values) implements Distribution {
    public Choices {
      values = List.copyOf(values);
    }
  }

  /**
   * A numeric range. A grid takes {@code count} values from it (evenly spaced on its scale, or
   * random draws); a sampler that learns draws any value in it, so for one {@code count} may be
   * absent.
   *
   * @param log spaced on a log scale (from and to > 0)
   * @param random a grid draws its {@code count} values at random instead of evenly
   * @param aroundBest from and to are factors (log) or offsets (linear) of a refined trial's value
   */
  record Range(double from, double to, OptionalInt count, boolean log, boolean random,
      boolean aroundBest) implements Distribution {

    /** The point at {@code u} in [0, 1] of the range, on its scale (no centre applied). */
    public double at(double u) {
      return log ? Math.exp(Math.log(from) + u * (Math.log(to) - Math.log(from)))
          : from + u * (to - from);
    }
  }
}
