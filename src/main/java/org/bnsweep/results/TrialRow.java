package org.bnsweep.results;

import java.io.Serializable;
import java.time.Instant;
import org.bnsweep.data.DataConfig;
import org.bnsweep.nn.NetworkConfig;
import org.bnsweep.train.TrainingConfig;
import org.bnsweep.train.TrialResult;

/**
 * One row of the results table: where a trial belongs, its whole config, and what it produced.
 * The sweep name is not a field: it is the table's partition directory.
 *
 * @param seed the trial's replicate seed, as the sweep plan gives it
 * @param trainingSeed the seed its initialisation and shuffling actually used
 * @param executor the executor (id and host) that trained it
 * @param attempt Spark's attempt number of the task that trained it
 */
public record TrialRow(String stage, String trialId, long seed, long trainingSeed,
    DataConfig data, TrialResult result, String executor, int attempt, Instant startedAt,
    Instant endedAt) implements Serializable {

  public NetworkConfig network() {
    return result.config().network();
  }

  public TrainingConfig training() {
    return result.config().training();
  }
}
