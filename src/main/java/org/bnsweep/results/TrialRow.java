package org.bnsweep.results;

import java.io.Serializable;
import java.time.Instant;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.train.TrialResult;

/**
 * One row of the results table: where a trial belongs, its whole config, and what it produced.
 * The sweep name is not a field: it is the table's partition directory.
 *
 * @param stageType its stage's sampler and scheduler (stage_type: grid, refine, halving, ...)
 * @param rung the index of the last halving rung the trial reached; null outside halving stages
 * @param decision the order (0 first) of the asynchronous stage's decision that sent the trial to
 *     that rung; null in other stages
 * @param trainingSeed the seed it trained with (initialisation, order of mini-batches, draws)
 * @param executor the executor (id and host) that trained it
 * @param provenance the build, JVM, Spark, BLAS and host that trained it
 * @param attempt Spark's attempt number of the task that trained it (-1: the driver wrote it)
 */
public record TrialRow(String stage, StageType stageType, Integer rung, Integer decision,
    String trialId,
    TrialConfig config, long trainingSeed, TrialResult result, String executor, int attempt,
    Instant startedAt, Instant endedAt, Provenance provenance) implements Serializable {}
