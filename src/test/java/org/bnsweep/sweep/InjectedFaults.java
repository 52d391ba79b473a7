package org.bnsweep.sweep;

/**
 * Faults that tests inject through a sweep's {@link TrialListener}: they travel to the executors
 * with each job, as the listener does.
 */
public final class InjectedFaults {
  private InjectedFaults() {}

  /** Every trial of {@code stage} throws before it trains, on every attempt. */
  public static TrialListener failStage(String stage) {
    return new FailStage(stage);
  }

  /**
   * A trial of {@code stage} dies just after its checkpoint of cycle {@code cycle} is stored,
   * as if its executor were lost. A retry that continues from it does not store that cycle
   * again, so it lives.
   */
  public static TrialListener dieAfterCycle(String stage, int cycle) {
    return new DieAfterCycle(stage, cycle);
  }

  private record FailStage(String stage) implements TrialListener {
    @Override
    public void starting(TrialTask trial) {
      if (trial.stage().equals(stage)) {
        throw new IllegalStateException("injected failure (stage " + stage + ")");
      }
    }
  }

  private record DieAfterCycle(String stage, int cycle) implements TrialListener {
    @Override
    public void cycleStored(TrialTask trial, int cycles) {
      if (trial.stage().equals(stage) && cycles == cycle) {
        throw new IllegalStateException("injected death after cycle " + cycles);
      }
    }
  }
}
