package org.bnsweep.train;

import java.util.List;
import org.bnsweep.params.TrialStatus;

/**
 * What one trial produced. Metrics that were never reached (a diverged trial's test accuracy)
 * are NaN.
 *
 * @param updates updates done
 * @param trainingSeconds wall seconds spent in update steps only
 * @param seconds wall seconds of the whole trial, evaluations included
 */
public record TrialResult(TrialStatus status, String error,
    List<EpochRecord> curve, double trainLoss, double trainCost, double trainAccuracy,
    double valLoss, double valCost, double valAccuracy, double testAccuracy, long updates,
    double trainingSeconds, double seconds) {

  public TrialResult {
    curve = List.copyOf(curve);
  }

  /** The result of a trial that threw before it could finish. */
  public static TrialResult failed(String error, double seconds) {
    double nan = Double.NaN;
    return new TrialResult(TrialStatus.FAILED, error, List.of(), nan, nan, nan, nan, nan,
        nan, nan, 0, 0, seconds);
  }
}
