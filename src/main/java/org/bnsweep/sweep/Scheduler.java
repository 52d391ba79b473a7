package org.bnsweep.sweep;

import java.io.Serializable;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Decides how far each trial of a stage trains and when it stops (Optuna's pruner, Ray Tune's
 * scheduler): to the end of its cycles, synchronous successive halving, or asynchronous
 * successive halving.
 */
public sealed interface Scheduler {

  /** Its name in sweep files ({@code scheduler { type = asha }}). */
  String name();

  /** The cycles every trial of the stage is planned with (its last rung); empty: its own. */
  OptionalInt cycles();

  /** One line for {@code --dry-run}. */
  String explain();

  /** Every trial trains all its cycles; a stage's trials run as one Spark job. */
  record ToEnd() implements Scheduler {
    @Override
    public String name() {
      return "to-end";
    }

    @Override
    public OptionalInt cycles() {
      return OptionalInt.empty();
    }

    @Override
    public String explain() {
      return "every trial trains all its cycles";
    }
  }

  /**
   * Synchronous successive halving: all candidates train to the first rung, the best ceil(keep x
   * n) by validation accuracy (ties to the smaller trial id) continue from their checkpoints to
   * the next, the rest stop. Each rung is a barrier.
   *
   * @param rungs cycles trained by the end of each rung, strictly increasing, each >= 1
   * @param keep fraction of a rung's trials that go on to the next, in (0, 1)
   */
  record Halving(List<Integer> rungs, double keep) implements Scheduler, Serializable {
    public Halving {
      rungs = Rungs.checked(rungs);
      if (!(keep > 0 && keep < 1)) {
        throw new IllegalArgumentException("keep must be a fraction in (0, 1), such as 0.3333,"
            + " got " + keep);
      }
    }

    @Override
    public String name() {
      return "halving";
    }

    @Override
    public OptionalInt cycles() {
      return OptionalInt.of(rungs.get(rungs.size() - 1));
    }

    /** How many of {@code n} trials go on: ceil(keep x n), at least one. */
    public int survivors(int n) {
      return Math.max(1, (int) Math.ceil(keep * n - 1e-9));
    }

    @Override
    public String explain() {
      return "synchronous halving over rungs " + rungs + " cycles, keep " + keep;
    }
  }

  /**
   * Asynchronous successive halving (ASHA: Li et al., "A System for Massively Parallel
   * Hyperparameter Tuning", MLSys 2020). Whenever a core frees, the best trial not yet promoted
   * that lies in the top 1/eta of the highest rung that has one continues from its checkpoint
   * to the next rung; otherwise the sampler proposes a new trial, which trains to the first rung.
   * No rung is a barrier. New trials start until the budget is spent; trials paused at a rung
   * when the stage ends get a stopped row.
   *
   * @param rungs cycles trained by the end of each rung; one rung runs trials to the end,
   *     asynchronously
   * @param eta the reduction factor: one in eta trials of a rung goes on, >= 2
   */
  record Asha(List<Integer> rungs, int eta, Budget budget) implements Scheduler {
    public Asha {
      rungs = Rungs.checked(rungs);
      if (eta < 2) {
        throw new IllegalArgumentException("eta must be a whole number >= 2 (one in eta trials"
            + " of a rung goes on), got " + eta);
      }
    }

    @Override
    public String name() {
      return "asha";
    }

    @Override
    public OptionalInt cycles() {
      return OptionalInt.of(rungs.get(rungs.size() - 1));
    }

    @Override
    public String explain() {
      return "asynchronous halving over rungs " + rungs + " cycles, eta " + eta + "; "
          + budget.explain();
    }
  }

  /**
   * When an asynchronous stage starts no more trials: after {@code trials} trials, or once its
   * trials' seconds (training and evaluation, summed over trials) would pass
   * {@code trialSeconds}, whichever comes first. Running trials then finish their rung.
   */
  record Budget(OptionalInt trials, OptionalDouble trialSeconds) implements Serializable {
    public Budget {
      if (trials.isPresent() && trials.getAsInt() < 1) {
        throw new IllegalArgumentException("budget.trials must be >= 1, got "
            + trials.getAsInt());
      }
      if (trialSeconds.isPresent() && !(trialSeconds.getAsDouble() > 0)) {
        throw new IllegalArgumentException("budget.trial-seconds must be > 0, got "
            + trialSeconds.getAsDouble());
      }
    }

    String explain() {
      if (trials.isEmpty() && trialSeconds.isEmpty()) {
        return "until the sampler has no more trials";
      }
      return "budget " + (trials.isPresent() ? trials.getAsInt() + " trials" : "")
          + (trials.isPresent() && trialSeconds.isPresent() ? " or " : "")
          + (trialSeconds.isPresent() ? String.format(java.util.Locale.ROOT,
              "%.0f trial-seconds", trialSeconds.getAsDouble()) : "");
    }
  }

  /** The check every list of rungs passes. */
  final class Rungs {
    private Rungs() {}

    static List<Integer> checked(List<Integer> rungs) {
      boolean ok = !rungs.isEmpty();
      for (int i = 0; ok && i < rungs.size(); i++) {
        ok = rungs.get(i) >= 1 && (i == 0 || rungs.get(i) > rungs.get(i - 1));
      }
      if (!ok) {
        throw new IllegalArgumentException("rungs must list whole numbers of cycles >= 1,"
            + " strictly increasing, such as [1, 2, 4]; got " + rungs);
      }
      return List.copyOf(rungs);
    }
  }
}
