package org.bnsweep.sweep;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * For each of the {@code top} best ok trials of an earlier stage by validation accuracy, every
 * combination of its axes, which may be ranges around that trial's own values ({@code around =
 * best}): {@code type = refine}.
 */
public record RefineSampler(Refinement refinement, List<Axis> space) implements Sampler {
  public RefineSampler {
    space = List.copyOf(space);
  }

  @Override
  public String name() {
    return "refine";
  }

  @Override
  public Optional<Refinement> refines() {
    return Optional.of(refinement);
  }

  @Override
  public Optional<List<Point>> plan(List<Stage.Base> bases, Random rng) {
    return Optional.of(GridSampler.product(space, bases, rng));
  }

  @Override
  public String explain() {
    return "the best " + refinement.top() + " of stage " + refinement.of()
        + (space.isEmpty() ? "" : ", every combination of its axes around each");
  }
}
