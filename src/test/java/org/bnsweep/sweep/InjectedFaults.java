package org.bnsweep.sweep;

import java.util.List;

/**
 * Faults that tests inject through a sweep's {@link TrialListener}: they travel to the executors
 * with each job, as the listener does.
 */
public final class InjectedFaults {
  private InjectedFaults() {}

  /** Every pack of trials of {@code stage} throws before it trains, on every attempt. */
  public static TrialListener failStage(String stage) {
    return new FailStage(stage);
  }

  /**
   * A pack of trials of {@code stage} dies just after its checkpoints of cycle {@code cycle}
   * are stored, as if its executor were lost. A retry that continues from them does not store
   * that cycle again, so it lives.
   */
  public static TrialListener dieAfterCycle(String stage, int cycle) {
    return new DieAfterCycle(stage, cycle);
  }

  private record FailStage(String stage) implements TrialListener {
    @Override
    public void starting(List<TrialTask> pack) {
      if (pack.get(0).stage().equals(stage)) {
        throw new IllegalStateException("injected failure (stage " + stage + ")");
      }
    }
  }

  private record DieAfterCycle(String stage, int cycle) implements TrialListener {
    @Override
    public void cycleStored(List<TrialTask> pack, int cycles) {
      if (pack.get(0).stage().equals(stage) && cycles == cycle) {
        throw new IllegalStateException("injected death after cycle " + cycles);
      }
    }
  }
}
