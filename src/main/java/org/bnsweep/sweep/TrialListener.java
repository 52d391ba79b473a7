package org.bnsweep.sweep;

import java.io.Serializable;

/**
 * Hears of each trial where it trains, on its executor. A sweep's own listener does nothing
 * ({@link #NONE}); tests pass theirs to {@link SweepRunner} to inject faults where they would
 * happen: a trial that throws, an executor lost just after a checkpoint. It travels to the
 * executors inside each job's closure, so it must be serializable, and it sees the task only:
 * it cannot change what a trial computes.
 */
public interface TrialListener extends Serializable {
  /** A sweep's own listener: it does nothing. */
  TrialListener NONE = Silent.INSTANCE;

  /**
   * Before the trial gets its data and trains. Throwing fails the trial as a failure in training
   * would: Spark retries it, and its last attempt records it as failed with the exception's
   * message.
   */
  default void starting(TrialTask trial) {}

  /**
   * After the trial's checkpoint of cycle {@code cycles} is stored (a cycle it continued from
   * is not stored again). Throwing stops the trial there, as a lost executor would: Spark's
   * retry continues from that checkpoint.
   */
  default void cycleStored(TrialTask trial, int cycles) {}

  /** The type of {@link #NONE}: an enum, so that it stays one object when deserialised. */
  enum Silent implements TrialListener { INSTANCE }
}
