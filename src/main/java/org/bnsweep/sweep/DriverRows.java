package org.bnsweep.sweep;

import java.time.Instant;
import org.bnsweep.results.Provenance;
import org.bnsweep.results.TrialRow;
import org.bnsweep.train.TrialResult;

/** Rows the driver writes itself: trials whose Spark job kept failing (a dying executor). */
final class DriverRows {
  private DriverRows() {}

  static TrialRow failed(TrialTask t, String error) {
    Instant now = Instant.now();
    return new TrialRow(t.stage(), t.trialId(), t.config(), t.trainingSeed(),
        TrialResult.failed(error, 0), "driver", -1, now, now, Provenance.here());
  }
}
