package org.bnsweep.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * Hears of each pack of trials where it trains, on its executor (a trial alone is a pack of
 * one). A sweep's own listener does nothing ({@link #NONE}); tests pass theirs to {@link
 * SweepRunner} to inject faults where they would happen: a trial that throws, an executor lost
 * just after a checkpoint. It travels to the executors inside each job's closure, so it must be
 * serializable, and it sees the tasks only: it cannot change what a trial computes.
 */
public interface TrialListener extends Serializable {
  /** A sweep's own listener: it does nothing. */
  TrialListener NONE = Silent.INSTANCE;

  /**
   * Before the pack gets its data and trains. Throwing fails the pack as a failure in training
   * would: Spark retries it, and its last attempt records every member as failed with the
   * exception's message.
   */
  default void starting(List<TrialTask> pack) {}

  /**
   * After the pack's checkpoints of cycle {@code cycles} are stored (once its last member's is;
   * a cycle the pack continued from is not stored again). Throwing stops the pack there, as a
   * lost executor would: Spark's retry continues from these checkpoints.
   */
  default void cycleStored(List<TrialTask> pack, int cycles) {}

  /** The type of {@link #NONE}: an enum, so that it stays one object when deserialised. */
  enum Silent implements TrialListener { INSTANCE }
}
