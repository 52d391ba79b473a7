package org.bnsweep.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bnsweep.params.Setting;

/**
 * Every combination of the axes' values (a list, evenly spaced or random draws from a range)
 * on top of the sweep's base config: {@code type = grid}.
 */
public record GridSampler(List<Axis> space) implements Sampler {
  public GridSampler {
    space = List.copyOf(space);
  }

  @Override
  public String name() {
    return "grid";
  }

  @Override
  public Optional<List<Point>> plan(List<Stage.Base> bases, Random rng) {
    return Optional.of(product(space, bases, rng));
  }

  @Override
  public String explain() {
    return "every combination of its axes";
  }

  /**
   * For each base, every combination of the axes' values in axis order, the first axis varying
   * slowest; random axes draw from {@code rng} base by base, axis by axis.
   */
  static List<Point> product(List<Axis> axes, List<Stage.Base> bases, Random rng) {
    List<Point> points = new ArrayList<>();
    for (Stage.Base base : bases) {
      List<List<Setting<?>>> product = List.of(List.of());
      for (Axis axis : axes) {
        product = times(product, axis.values(base.trial(), base.name(), rng));
        if (product.size() > Stage.MAX_TRIALS) {
          throw new IllegalArgumentException(axis.at() + ": a stage would plan more than "
              + Stage.MAX_TRIALS + " trials; lower the counts of its axes");
        }
      }
      product.forEach(settings -> points.add(new Point(base, settings)));
    }
    return points;
  }

  /** Every combination so far extended by each of {@code values}: the next axis's product. */
  static List<List<Setting<?>>> times(List<List<Setting<?>>> product, List<Setting<?>> values) {
    List<List<Setting<?>>> next = new ArrayList<>();
    for (List<Setting<?>> partial : product) {
      for (Setting<?> v : values) {
        List<Setting<?>> more = new ArrayList<>(partial);
        more.add(v);
        next.add(more);
      }
    }
    return next;
  }
}
