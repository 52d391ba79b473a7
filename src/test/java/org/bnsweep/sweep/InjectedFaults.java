package org.bnsweep.sweep;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;

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

  /**
   * Every task of the first Spark job (the first Spark stage) that trains trials of {@code
   * stage} fails on every attempt, without recording its trials: the job fails as a whole, as
   * when its executors keep dying, and the driver's next pass ({@link SweepRunner#PASSES}) runs a
   * new job, which trains. Local mode only: the first stage is remembered in this JVM.
   */
  public static TrialListener failFirstJob(String stage) {
    return new FailFirstJob(stage, java.util.UUID.randomUUID().toString());
  }

  /**
   * Another writer of the same trial (a second sweep into the table) publishes a finished row
   * for each trial of {@code stage} just after its checkpoint of cycle 1 is stored: the trial
   * trains on and loses the race to publish. The rival's row is a {@code stopped} one made from
   * that checkpoint, as a driver makes at a rung.
   */
  public static TrialListener rivalPublishesAfterCycleOne(String stage,
      org.bnsweep.results.ResultsTable table) {
    return new RivalPublishes(stage, table);
  }

  private record RivalPublishes(String stage, org.bnsweep.results.ResultsTable table)
      implements TrialListener {
    @Override
    public void cycleStored(TrialTask trial, int cycles) {
      if (trial.stage().equals(stage) && cycles == 1) {
        byte[] bytes = table.checkpoints().read(trial.sweep(), trial.trialId(), 1).orElseThrow();
        table.write(trial.sweep(), DriverRows.stopped(trial,
            org.bnsweep.train.Checkpoint.fromBytes(bytes, "the rival's"),
            java.time.Instant.now()), false);
      }
    }
  }

  /** Thrown by {@link #failFirstJob}: an Error, so that no attempt records a failed row. */
  static final class InjectedJobFailure extends Error {
    private static final long serialVersionUID = 1L;

    InjectedJobFailure(String message) {
      super(message);
    }
  }

  /** The Spark stage of each {@link FailFirstJob} listener's first job, by its token. */
  static final Map<String, Integer> FIRST_SPARK_STAGE = new ConcurrentHashMap<>();

  private record FailFirstJob(String stage, String token) implements TrialListener {
    @Override
    public void starting(TrialTask trial) {
      if (!trial.stage().equals(stage)) {
        return;
      }
      int sparkStage = TaskContext.get().stageId();
      if (FIRST_SPARK_STAGE.computeIfAbsent(token, k -> sparkStage) == sparkStage) {
        throw new InjectedJobFailure("injected failure of the first job (stage " + stage
            + ", Spark stage " + sparkStage + ")");
      }
    }
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
