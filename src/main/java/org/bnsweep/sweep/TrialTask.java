package org.bnsweep.sweep;

import java.io.Serializable;
import org.bnsweep.train.TrialConfig;

/**
 * What an executor needs to run one trial: plain values, no Config object. A stage travels as a
 * Dataset of these, one column per hyperparameter ({@link TaskRows}).
 *
 * @param trainingSeed the seed it trains with: a hash of the sweep seed and the id
 * @param replacesFailed the table holds a failed row for this trial, which this run replaces
 */
public record TrialTask(String sweep, String stage, String trialId, TrialConfig config,
    long trainingSeed, boolean replacesFailed) implements Serializable {

  TrialTask replacingFailed(boolean replaces) {
    return new TrialTask(sweep, stage, trialId, config, trainingSeed, replaces);
  }
}
