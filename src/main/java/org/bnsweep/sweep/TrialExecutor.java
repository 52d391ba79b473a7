package org.bnsweep.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.BlasLibrary;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.CheckpointStore;
import org.bnsweep.results.Heartbeats;
import org.bnsweep.results.Provenance;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.results.TrialRow;
import org.bnsweep.train.Checkpoint;
import org.bnsweep.train.EpochRecord;
import org.bnsweep.train.Trainer;
import org.bnsweep.train.TrialResult;

/**
 * Runs trials where Spark put them, one trial per task: continues each from its last checkpoint
 * if an earlier run left one, stores a checkpoint at the end of every cycle (so a lost executor
 * or driver costs at most the cycle in flight), writes the trial's row into the results table
 * when it ends, and reports a one-line summary to the driver through an accumulator for its
 * progress display.
 */
final class TrialExecutor {
  private TrialExecutor() {}

  static void runAll(Iterator<Row> trials, TrialData split,
      ResultsTable table, CollectionAccumulator<Summary> finished, TrialListener listener) {
    while (trials.hasNext()) {
      finished.add(run(TaskRows.task(trials.next()), split, table, listener));
    }
  }

  /**
   * Trains one trial and writes its row when it ends. A failure fails the Spark task: Spark
   * retries it, and on the last attempt the trial gets a failed row.
   */
  static Summary run(TrialTask task, TrialData split, ResultsTable table,
      TrialListener listener) {
    try {
      return train(task, split, table, listener);
    } finally {
      // The trial's progress line lasts as long as it runs.
      table.heartbeats().end(task.sweep(), task.trialId());
    }
  }

  private static Summary train(TrialTask task, TrialData split, ResultsTable table,
      TrialListener listener) {
    TaskContext context = TaskContext.get();
    int attempt = context == null ? 0 : context.attemptNumber();
    Instant started = Instant.now();
    double dataSeconds = 0;
    long trainedUpdates = 0;
    CheckpointStore checkpoints = table.checkpoints();
    TrialResult result;
    try {
      listener.starting(task);
      BlasLibrary.loaded().requireSafeForConcurrentCalls();
      CifarData data = split.normalised();
      dataSeconds = Duration.between(started, Instant.now()).toMillis() / 1e3;
      Optional<Checkpoint> from = latestCheckpoint(task, checkpoints);
      from.ifPresent(c -> System.err.printf("bnsweep: trial %s resumes after cycle %d of %d"
          + " (%d updates done)%n", task.trialId(), c.cycles(), task.untilCycle(), c.updates()));
      result = listener.result(task).orElseGet(() -> Trainer.train(task.config(),
          task.trainingSeed(), data, task.untilCycle(), from,
          new Saver(task, checkpoints, table.heartbeats(), epochs(task), listener)));
      trainedUpdates = result.updates() - from.map(Checkpoint::updates).orElse(0L);
    } catch (CheckpointNotStored e) {
      // A full disk fails every attempt alike, and a failed row would hide the cause: no row,
      // and the driver stops the sweep with one line (the checkpoints already stored stay, so
      // the sweep run again continues from them).
      return new Summary(task.trialId(), TrialStatus.FAILED, Double.NaN,
          Duration.between(started, Instant.now()).toMillis() / 1e3, dataSeconds, false, 0,
          rootMessage(e));
    } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
      // An OutOfMemoryError too: the trial's arrays are unreachable once it has unwound, and the
      // estimate the driver checked (TrialMemory) missed it, so it is this trial's failure.
      if (attempt + 1 < RetryPolicy.maxAttempts(SparkEnv.get().conf())) {
        throw new IllegalStateException("trial " + task.trialId() + " of stage " + task.stage()
            + " failed on attempt " + (attempt + 1) + ": " + e, e);
      }
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      result = TrialResult.failed(e.getClass().getSimpleName() + ": " + message,
          Duration.between(started, Instant.now()).toMillis() / 1e3);
    }
    boolean written = false;
    String writeError = null;
    // A trial halted at a rung has no row yet: the driver ranks the rung from its checkpoint.
    if (result.status() != TrialStatus.STOPPED) {
      TrialRow row = new TrialRow(task.stage(), task.stageType(), task.rung(), task.decision(),
          task.trialId(), task.config(), task.trainingSeed(), result, executorName(), attempt,
          started, Instant.now(), Provenance.here());
      try {
        written = table.write(task.sweep(), row, task.replacesFailed());
      } catch (java.io.UncheckedIOException e) {
        // A full disk or a lost permission fails every attempt alike: retrying would train the
        // trial again for nothing, so the driver hears of it and stops the sweep instead.
        writeError = rootMessage(e);
      }
      // Its row, or the finished row of a writer that won the race, says all there is: the
      // checkpoints are no longer needed. A failed row keeps them for the run that replaces it.
      if (result.status() != TrialStatus.FAILED
          && (written || table.hasFinishedRow(task.sweep(), task.trialId()))) {
        checkpoints.deleteAll(task.sweep(), task.trialId());
      }
    }
    return new Summary(task.trialId(), result.status(), result.valAccuracy(), result.seconds(),
        dataSeconds, written, trainedUpdates, writeError);
  }

  /**
   * The trial's checkpoint of the latest cycle within this run, if it has one that continues
   * its own order of mini-batches; otherwise none, and it starts from update zero.
   */
  private static Optional<Checkpoint> latestCheckpoint(TrialTask task, CheckpointStore store) {
    for (int cycles = task.untilCycle(); cycles >= 1; cycles--) {
      if (!store.has(task.sweep(), task.trialId(), cycles)) {
        continue;
      }
      String where = store.describe(task.sweep(), task.trialId(), cycles);
      Optional<Checkpoint> cp = store.read(task.sweep(), task.trialId(), cycles)
          .map(bytes -> Checkpoint.fromBytes(bytes, where));
      if (cp.isEmpty() || !cp.get().ownOrder()) {
        System.err.printf("bnsweep: checkpoint %s is %s; trial %s starts from update zero%n",
            where, cp.isEmpty() ? "gone" : "of a pack's order of mini-batches (an older"
            + " bnsweep's sweep.pack-size)", task.trialId());
        return Optional.empty();
      }
      return cp;
    }
    return Optional.empty();
  }

  /** The innermost cause's message, on one line: "No space left on device". */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replaceAll("[\\t\\n\\r]+", " ");
  }

  /** Epochs the task trains to: its cycles' updates over the updates of an epoch. */
  private static long epochs(TrialTask task) {
    TrialConfig c = task.config();
    long perEpoch = Math.max(1, c.get(Hyperparameters.TRAINING_SIZE)
        / c.get(Hyperparameters.BATCH_SIZE));
    long updates = 2L * c.get(Hyperparameters.STEP_SIZE) * task.untilCycle();
    return (updates + perEpoch - 1) / perEpoch;
  }

  /**
   * Stores a trial's checkpoint at the end of every cycle, and its progress line after every
   * evaluation; tells {@code listener} of each checkpoint once it is stored.
   */
  private record Saver(TrialTask task, CheckpointStore store, Heartbeats beats, long epochs,
      TrialListener listener) implements Trainer.Listener {
    @Override
    public void evaluated(EpochRecord point) {
      beats.beat(task.sweep(), task.trialId(), String.format(java.util.Locale.ROOT,
          "epoch %d/%d val %.4f", point.epoch(), epochs, point.valAccuracy()));
    }

    @Override
    public void cycleDone(Checkpoint checkpoint) {
      try {
        store.write(task.sweep(), task.trialId(), checkpoint.cycles(), checkpoint.toBytes());
      } catch (java.io.UncheckedIOException e) {
        throw new CheckpointNotStored(e);
      }
      listener.cycleStored(task, checkpoint.cycles());
    }
  }

  /** The results' storage refused a checkpoint: the sweep's failure, not the trial's. */
  private static final class CheckpointNotStored extends RuntimeException {
    CheckpointNotStored(java.io.UncheckedIOException cause) {
      super(cause.getMessage(), cause);
    }
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
   * @param trainedUpdates updates this run trained (not those of a checkpoint it continued)
   * @param writeError why its row could not be written, on one line; null if it was
   */
  record Summary(String trialId, TrialStatus status, double valAccuracy, double seconds,
      double dataSeconds, boolean written, long trainedUpdates, String writeError)
      implements java.io.Serializable {}
}
