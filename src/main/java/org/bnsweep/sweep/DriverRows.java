package org.bnsweep.sweep;

import java.time.Instant;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.Provenance;
import org.bnsweep.results.TrialRow;
import org.bnsweep.train.Checkpoint;
import org.bnsweep.train.TrialResult;

/**
 * Rows the driver writes itself: trials whose Spark job kept failing (a dying executor), and
 * halving trials stopped at a rung (their numbers are in their checkpoint).
 */
final class DriverRows {
  private DriverRows() {}

  static TrialRow failed(TrialTask t, String error) {
    Instant now = Instant.now();
    return row(t, TrialResult.failed(error, 0), now);
  }

  /**
   * The row of a trial halted at its rung, from its checkpoint there: it ended when that
   * checkpoint was written ({@code trainedUntil}) and started its seconds before, not when the
   * driver stopped it (an asynchronous stage stops its paused trials when it ends).
   */
  static TrialRow stopped(TrialTask t, Checkpoint atRung, Instant trainedUntil) {
    Instant start = trainedUntil.minusMillis(Math.round(atRung.seconds() * 1000));
    return row(t, atRung.result(TrialStatus.STOPPED), start, trainedUntil);
  }

  private static TrialRow row(TrialTask t, TrialResult result, Instant now) {
    return row(t, result, now, now);
  }

  private static TrialRow row(TrialTask t, TrialResult result, Instant start, Instant end) {
    return new TrialRow(t.stage(), t.stageType(), t.rung(), t.decision(), t.trialId(), t.config(),
        t.trainingSeed(), result, "driver", -1, start, end, Provenance.here());
  }
}
