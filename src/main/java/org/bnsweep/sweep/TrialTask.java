package org.bnsweep.sweep;

import java.io.Serializable;
import org.bnsweep.data.DataConfig;
import org.bnsweep.train.TrialConfig;

/**
 * What an executor needs to run one trial: plain records, no Config object.
 *
 * @param config the trial's config with its training seed
 * @param replicateSeed the seed the plan gave it (the table's {@code seed} column)
 * @param replacesFailed the table holds a failed row for this trial, which this run replaces
 */
public record TrialTask(String sweep, String stage, String trialId, TrialConfig config,
    long replicateSeed, DataConfig data, boolean replacesFailed) implements Serializable {}
