package org.bnsweep.sweep;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bnsweep.params.Setting;
import org.bnsweep.params.TrialConfig;

/**
 * Decides what a stage tries next (Optuna's sampler role): a point of its search space, as one
 * setting per axis, applied on top of the stage's base. A sampler either plans all its points in
 * advance ({@link GridSampler}, {@link RefineSampler}) or learns from the results so far
 * ({@link TpeSampler}, {@link RandomSampler}); one that learns proposes one point at a time, so
 * its stage runs under a scheduler that starts trials as cores free ({@link Scheduler.Asha}).
 * Adding a kind is a class that implements this and its name in {@link StageReader}.
 */
public interface Sampler {

  /** Its name in sweep files ({@code sampler { type = tpe }}) and in the table's stage_type. */
  String name();

  /** The axes it varies: the stage's search space. */
  List<Axis> space();

  /** The earlier stage whose best trials this one starts from; empty for the sweep's base. */
  default Optional<Refinement> refines() {
    return Optional.empty();
  }

  /**
   * Every point it proposes for each base, in a fixed order; empty if it learns from results,
   * in which case {@link #next} proposes.
   *
   * @param rng draws of random axes come from it, in a fixed order
   */
  default Optional<List<Point>> plan(List<Stage.Base> bases, Random rng) {
    return Optional.empty();
  }

  /**
   * The next point to try, given every trial the stage has proposed so far (oldest first).
   * Called only on a sampler whose {@link #plan} is empty.
   *
   * @param rng seeded from the sweep seed, the stage and the number of proposals so far
   */
  default List<Setting<?>> next(List<Observation> history, Random rng) {
    throw new UnsupportedOperationException(name() + " plans its trials in advance");
  }

  /** How many scored trials it needs at a rung before it learns from that rung. */
  default int observationsToLearn() {
    return 1;
  }

  /** One line for {@code --dry-run}: how it chooses. */
  String explain();

  /** The stage {@code of} and how many of its best trials a refinement starts from. */
  record Refinement(String of, int top) {
    public Refinement {
      if (top < 1) {
        throw new IllegalArgumentException("top must be >= 1, got " + top);
      }
    }
  }

  /** A planned point: the settings of every axis, on top of {@code base}. */
  record Point(Stage.Base base, List<Setting<?>> settings) {}

  /**
   * A trial the stage proposed and what is known of it so far.
   *
   * @param score its validation accuracy at the rung the sampler learns from; empty while it
   *     runs, and for a trial stopped or failed below that rung (both count as bad: the
   *     "constant liar" of parallel TPE)
   */
  record Observation(TrialConfig config, java.util.OptionalDouble score) {}
}
