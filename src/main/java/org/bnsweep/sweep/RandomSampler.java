package org.bnsweep.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bnsweep.params.Setting;

/**
 * Independent draws from the search space, one per proposal (random search, Bergstra and Bengio
 * 2012): uniform over a list, uniform on a range's scale (log-uniform on a log scale). It is
 * also TPE's start-up sampler.
 */
public record RandomSampler(List<Axis> space) implements Sampler {
  public RandomSampler {
    space = List.copyOf(space);
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public List<Setting<?>> next(List<Observation> history, Random rng) {
    return draw(space, rng);
  }

  /** One independent draw per axis, in axis order. */
  static List<Setting<?>> draw(List<Axis> space, Random rng) {
    List<Setting<?>> point = new ArrayList<>();
    for (Axis axis : space) {
      if (axis.distribution() instanceof Distribution.Choices c) {
        point.add(c.values().get(rng.nextInt(c.values().size())));
      } else {
        point.add(axis.setting(((Distribution.Range) axis.distribution()).at(rng.nextDouble())));
      }
    }
    return point;
  }

  @Override
  public String explain() {
    return "independent random draws from its space";
  }
}
