package org.bnsweep.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.CifarSplit;
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
 * Runs packs of trials where Spark put them: continues each from its last checkpoint if an
 * earlier run left one, stores a checkpoint at the end of every cycle (so a lost executor or
 * driver costs at most the cycle in flight), writes each trial's row into the results table when
 * its pack ends, and reports a one-line summary per trial to the driver through an accumulator
 * for its progress display.
 */
final class TrialExecutor {
  private TrialExecutor() {}

  static void runAll(Iterator<Row> packs, Broadcast<CifarSplit> split,
      ResultsTable table, CollectionAccumulator<Summary> finished, TrialListener listener) {
    while (packs.hasNext()) {
      for (Summary s : run(TaskRows.pack(packs.next()), split, table, listener)) {
        finished.add(s);
      }
    }
  }

  /**
   * Trains a pack of trials of one stage (see {@link Packs}) together and writes each one's row
   * when the pack ends. A failure fails the whole pack: Spark retries it, and on the last
   * attempt every member gets a failed row.
   */
  static List<Summary> run(List<TrialTask> pack, Broadcast<CifarSplit> split,
      ResultsTable table, TrialListener listener) {
    try {
      return runPack(pack, split, table, listener);
    } finally {
      // Each member's progress line lasts as long as the pack runs.
      pack.forEach(t -> table.heartbeats().end(t.sweep(), t.trialId()));
    }
  }

  private static List<Summary> runPack(List<TrialTask> pack, Broadcast<CifarSplit> split,
      ResultsTable table, TrialListener listener) {
    TaskContext context = TaskContext.get();
    int attempt = context == null ? 0 : context.attemptNumber();
    Instant started = Instant.now();
    TrialTask first = pack.get(0);
    double dataSeconds = 0;
    long[] trainedUpdates = new long[pack.size()];
    CheckpointStore checkpoints = table.checkpoints();
    List<TrialResult> results;
    try {
      listener.starting(pack);
      BlasLibrary.loaded().requireSafeForConcurrentCalls();
      CifarData data = ExecutorData.get(split);
      dataSeconds = Duration.between(started, Instant.now()).toMillis() / 1e3;
      List<Optional<Checkpoint>> from = commonCheckpoints(pack, checkpoints);
      List<Trainer.Member> members = new ArrayList<>();
      for (int k = 0; k < pack.size(); k++) {
        TrialTask task = pack.get(k);
        from.get(k).ifPresent(c -> System.err.printf("bnsweep: trial %s resumes after cycle %d"
            + " of %d (%d updates done)%n", task.trialId(), c.cycles(), task.untilCycle(),
            c.updates()));
        // The listener hears of a cycle once the pack's last checkpoint of it is stored.
        IntConsumer stored = k == pack.size() - 1 ? c -> listener.cycleStored(pack, c) : c -> {};
        members.add(new Trainer.Member(task.config(), task.trainingSeed(), from.get(k),
            new Saver(task, checkpoints, table.heartbeats(), epochs(task), stored)));
      }
      results = Trainer.trainPack(members, first.orderSeed(), data, first.untilCycle());
      for (int k = 0; k < pack.size(); k++) {
        trainedUpdates[k] = results.get(k).updates()
            - from.get(k).map(Checkpoint::updates).orElse(0L);
      }
    } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
      // An OutOfMemoryError too: the pack's arrays are unreachable once it has unwound, and the
      // estimate the driver checked (TrialMemory) missed it, so it is this pack's failure.
      if (attempt + 1 < RetryPolicy.maxAttempts(SparkEnv.get().conf())) {
        throw new IllegalStateException((pack.size() == 1 ? "trial " : "pack of trials ")
            + String.join(", ", pack.stream().map(TrialTask::trialId).toList()) + " of stage "
            + first.stage()
            + " failed on attempt " + (attempt + 1) + ": " + e, e);
      }
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      TrialResult failed = TrialResult.failed(e.getClass().getSimpleName() + ": " + message,
          Duration.between(started, Instant.now()).toMillis() / 1e3 / pack.size());
      results = pack.stream().map(t -> failed).toList();
    }
    List<Summary> summaries = new ArrayList<>();
    for (int k = 0; k < pack.size(); k++) {
      TrialTask task = pack.get(k);
      TrialResult result = results.get(k);
      boolean written = false;
      String writeError = null;
      // A trial halted at a rung has no row yet: the driver ranks the rung from its checkpoint.
      if (result.status() != TrialStatus.STOPPED) {
        TrialRow row = new TrialRow(task.stage(), task.stageType(), task.rung(), task.decision(),
            task.trialId(),
            task.config(), task.trainingSeed(), task.orderSeed(), result, executorName(),
            attempt, started, Instant.now(), Provenance.here());
        try {
          written = table.write(task.sweep(), row, task.replacesFailed());
        } catch (java.io.UncheckedIOException e) {
          // A full disk or a lost permission fails every attempt alike: retrying would train
          // the pack again for nothing, so the driver hears of it and stops the sweep instead.
          writeError = rootMessage(e);
        }
        if (written && result.status() != TrialStatus.FAILED) {
          checkpoints.deleteAll(task.sweep(), task.trialId());
        }
      }
      summaries.add(new Summary(task.trialId(), result.status(), result.valAccuracy(),
          result.seconds(), dataSeconds / pack.size(), written, trainedUpdates[k], writeError));
    }
    return summaries;
  }

  /**
   * Where each member continues from: their checkpoints of the latest cycle within this run
   * that every member has, if all of them belong to this pack's order; otherwise none, and the
   * whole pack starts from update zero (members must move together).
   */
  private static List<Optional<Checkpoint>> commonCheckpoints(List<TrialTask> pack,
      CheckpointStore store) {
    TrialTask first = pack.get(0);
    List<Optional<Checkpoint>> none = pack.stream().map(t -> Optional.<Checkpoint>empty())
        .toList();
    for (int cycles = first.untilCycle(); cycles >= 1; cycles--) {
      int c = cycles;
      if (!pack.stream().allMatch(t -> store.has(t.sweep(), t.trialId(), c))) {
        continue;
      }
      List<Optional<Checkpoint>> read = new ArrayList<>();
      for (TrialTask t : pack) {
        String where = store.describe(t.sweep(), t.trialId(), c);
        Optional<Checkpoint> cp = store.read(t.sweep(), t.trialId(), c)
            .map(bytes -> Checkpoint.fromBytes(bytes, where));
        if (cp.isEmpty() || cp.get().orderSeed() != t.orderSeed()) {
          System.err.printf("bnsweep: checkpoint %s is %s; the pack of trial %s starts from"
              + " update zero%n", where, cp.isEmpty() ? "gone" : "of another order of"
              + " mini-batches (another sweep.pack-size)", t.trialId());
          return none;
        }
        read.add(cp);
      }
      return read;
    }
    return none;
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
   * evaluation.
   *
   * @param stored told the cycle of each checkpoint once it is stored
   */
  private record Saver(TrialTask task, CheckpointStore store, Heartbeats beats, long epochs,
      IntConsumer stored) implements Trainer.Listener {
    @Override
    public void evaluated(EpochRecord point) {
      beats.beat(task.sweep(), task.trialId(), String.format(java.util.Locale.ROOT,
          "epoch %d/%d val %.4f", point.epoch(), epochs, point.valAccuracy()));
    }

    @Override
    public void cycleDone(Checkpoint checkpoint) {
      store.write(task.sweep(), task.trialId(), checkpoint.cycles(), checkpoint.toBytes());
      stored.accept(checkpoint.cycles());
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
