package org.bnsweep.sweep;

import java.io.Serializable;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.results.StageType;

/**
 * What an executor needs to run one trial: plain values, no Config object. A stage travels as an
 * RDD of these as rows, one column per hyperparameter ({@link TaskRows}).
 *
 * @param stageType its stage's sampler and scheduler (stage_type: grid, refine, halving, ...)
 * @param trainingSeed the seed it trains with (initialisation, order of mini-batches, draws): a
 *     hash of the sweep seed and the id
 * @param replacesFailed the table holds a failed row for this trial, which this run replaces
 * @param rung the index of the halving rung this run trains to; null outside halving stages
 * @param untilCycle the cycles done when this run stops: the config's cycles, or a rung's
 * @param decision the order (0 first) of the asynchronous stage's decision that sent the trial
 *     to this rung; null in other stages
 */
public record TrialTask(String sweep, String stage, StageType stageType, String trialId,
    TrialConfig config, long trainingSeed, boolean replacesFailed, Integer rung,
    int untilCycle, Integer decision) implements Serializable {

  /** A task that trains the whole config, outside any halving. */
  static TrialTask whole(String sweep, Stage stage, String trialId, TrialConfig config,
      long trainingSeed) {
    return new TrialTask(sweep, stage.name(), stage.type(), trialId, config,
        trainingSeed, false, null, config.get(Hyperparameters.CYCLES), null);
  }

  TrialTask replacingFailed(boolean replaces) {
    return new TrialTask(sweep, stage, stageType, trialId, config, trainingSeed,
        replaces, rung, untilCycle, decision);
  }

  /** This trial trained up to rung {@code index}, which ends after {@code cycles} cycles. */
  TrialTask atRung(int index, int cycles) {
    return new TrialTask(sweep, stage, stageType, trialId, config, trainingSeed,
        replacesFailed, index, cycles, decision);
  }

  /** This task as decision number {@code order} of its asynchronous stage. */
  TrialTask decided(int order) {
    return new TrialTask(sweep, stage, stageType, trialId, config, trainingSeed,
        replacesFailed, rung, untilCycle, order);
  }

  /** True if this run ends the trial: it trains to the config's last cycle. */
  boolean last() {
    return untilCycle == config.get(Hyperparameters.CYCLES);
  }
}
