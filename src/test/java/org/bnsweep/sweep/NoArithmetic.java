package org.bnsweep.sweep;

import java.util.List;
import java.util.Optional;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.train.TrialResult;

/**
 * A test's trainer that does no arithmetic: through the sweep's {@link TrialListener} it answers
 * each trial at once (or after a fixed sleep) with an {@code ok} result whose accuracies come from
 * the trial id, so that a sweep of thousands of trials measures what the driver, Spark and the
 * table cost per trial. The accuracies differ between trials, so a refinement or a halving rung
 * has a best to pick; they are {@link #accuracy} of the id, which no training would give.
 *
 * @param sleepMillis how long each trial "trains"
 */
public record NoArithmetic(long sleepMillis) implements TrialListener {
  private static final long serialVersionUID = 1L;

  @Override
  public Optional<TrialResult> result(TrialTask trial) {
    if (sleepMillis > 0) {
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pretending to train", e);
      }
    }
    return Optional.of(resultOf(trial.trialId()));
  }

  /** The validation (and test) accuracy the trial {@code trialId} gets: in [0.1, 0.6). */
  public static double accuracy(String trialId) {
    return 0.1 + 0.5 * (Long.parseUnsignedLong(trialId, 16) >>> 11) * 0x1.0p-53;
  }

  private static TrialResult resultOf(String trialId) {
    double a = accuracy(trialId);
    return new TrialResult(TrialStatus.OK, null, List.of(), 1.0, 1.0, a, 1.0, 1.0, a, a, 0, 0,
        0.001);
  }
}
