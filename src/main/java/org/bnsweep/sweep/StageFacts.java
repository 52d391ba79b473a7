package org.bnsweep.sweep;

import java.util.List;
import java.util.Optional;

/**
 * The durable facts an asynchronous stage decides from, and where it records its decisions: the
 * storage role of the search. Everything the scheduler and the sampler need is read back from
 * here, so a driver started again after a kill continues from the same facts: the decisions
 * taken (each written before its segment starts), and what each segment left (a checkpoint at
 * its rung, or a row).
 */
interface StageFacts {

  /** The decisions recorded so far for this stage, in the order they were taken. */
  List<Decision> decisions();

  /** Records a decision durably; called before its segment starts. */
  void record(Decision decision);

  /** What {@code task} (a trial at a rung) left, if it reached the rung's end or ended. */
  Optional<Segment> reached(TrialTask task);

  /** Writes the stopped row of a trial paused at {@code task}'s rung when its stage ends. */
  void stop(TrialTask task);

  /**
   * One decision of an asynchronous stage: train {@code trialId} (of {@code config}) to rung
   * {@code rung}; rung 0 starts a new trial, a later rung promotes one.
   *
   * @param order its place among the stage's decisions, 0 first
   */
  record Decision(int order, String trialId, int rung, org.bnsweep.params.TrialConfig config)
      implements java.io.Serializable {}
}
