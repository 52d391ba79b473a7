package org.bnsweep.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.CifarSplit;
import org.bnsweep.nn.BlasLibrary;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.results.Provenance;
import org.bnsweep.results.TrialRow;
import org.bnsweep.train.Trainer;
import org.bnsweep.train.TrialResult;
import org.bnsweep.train.TrialStatus;

/**
 * Runs trials where Spark put them: trains, writes the trial's row into the results table
 * straight away (so a crash of the driver loses at most the trials in flight), and reports a
 * one-line summary to the driver through an accumulator for its progress display.
 */
final class TrialExecutor {
  /** Spark setting that makes every trial of the named stage throw: for failure tests. */
  static final String FAIL_STAGE = "spark.bnsweep.test.failStage";

  private TrialExecutor() {}

  static void runAll(Iterator<Row> tasks, Broadcast<CifarSplit> split,
      ResultsTable table, CollectionAccumulator<String> finished) {
    while (tasks.hasNext()) {
      finished.add(run(TaskRows.task(tasks.next()), split, table).encode());
    }
  }

  static Summary run(TrialTask task, Broadcast<CifarSplit> split, ResultsTable table) {
    TaskContext context = TaskContext.get();
    int attempt = context == null ? 0 : context.attemptNumber();
    Instant started = Instant.now();
    double dataSeconds = 0;
    TrialResult result;
    try {
      if (task.stage().equals(SparkEnv.get().conf().get(FAIL_STAGE, ""))) {
        throw new IllegalStateException("injected failure (" + FAIL_STAGE + ")");
      }
      BlasLibrary.requireSafeForConcurrentCalls();
      CifarData data = ExecutorData.get(split);
      dataSeconds = Duration.between(started, Instant.now()).toMillis() / 1e3;
      result = Trainer.train(task.config(), task.trainingSeed(), data);
    } catch (RuntimeException | LinkageError e) {
      if (attempt + 1 < RetryPolicy.maxAttempts(SparkEnv.get().conf())) {
        throw new IllegalStateException("trial " + task.trialId() + " of stage " + task.stage()
            + " failed on attempt " + (attempt + 1) + ": " + e, e);
      }
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      result = TrialResult.failed(e.getClass().getSimpleName() + ": " + message,
          Duration.between(started, Instant.now()).toMillis() / 1e3);
    }
    TrialRow row = new TrialRow(task.stage(), task.trialId(), task.config(),
        task.trainingSeed(), result, executorName(), attempt, started, Instant.now(),
        Provenance.here());
    boolean written = table.write(task.sweep(), row, task.replacesFailed());
    return new Summary(task.trialId(), result.status(), result.valAccuracy(), result.seconds(),
        dataSeconds, written);
  }

  private static String executorName() {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return "local";
    }
    return env.executorId() + "@" + env.blockManager().blockManagerId().host();
  }

  /**
   * What the driver learns of a finished trial, for its progress display and its accounting.
   *
   * @param dataSeconds time the task spent getting the data (decoding it, or waiting for
   *     another task of this JVM to decode it)
   */
  record Summary(String trialId, TrialStatus status, double valAccuracy, double seconds,
      double dataSeconds, boolean written) {
    String encode() {
      return String.join("\t", trialId, status.name(), Double.toString(valAccuracy),
          Double.toString(seconds), Double.toString(dataSeconds), Boolean.toString(written));
    }

    static Summary decode(String s) {
      String[] f = s.split("\t");
      return new Summary(f[0], TrialStatus.valueOf(f[1]), Double.parseDouble(f[2]),
          Double.parseDouble(f[3]), Double.parseDouble(f[4]), Boolean.parseBoolean(f[5]));
    }
  }
}
