package org.bnsweep.sweep;

import java.io.Serializable;
import java.util.Optional;
import org.bnsweep.train.TrialResult;

/**
 * Hears of each trial where it trains, on its executor. A sweep's own listener does nothing
 * ({@link #NONE}); tests pass theirs to {@link SweepRunner} to inject faults where they would
 * happen: a trial that throws, an executor lost just after a checkpoint. It travels to the
 * executors inside each job's closure, so it must be serializable, and it sees the task only:
 * it cannot change what a trial computes, only stand in for the whole training ({@link
 * #result}).
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

  /**
   * The trial's result, if the listener stands in for its training; empty (a sweep's own
   * listener) to train it. A test's trainer that does no arithmetic answers here, so that a
   * sweep of thousands of trials measures the driver's cost per trial, not the training's.
   * Called after {@link #starting}, with the data on the executor.
   */
  default Optional<TrialResult> result(TrialTask trial) {
    return Optional.empty();
  }

  /** The type of {@link #NONE}: an enum, so that it stays one object when deserialised. */
  enum Silent implements TrialListener { INSTANCE }
}
