package org.bnsweep.sweep;

import java.io.Serializable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.CifarSplit;

/**
 * How a trial's task gets the normalised data set. On a cluster the raw split is broadcast and
 * each executor JVM normalises it once ({@link ExecutorData}). In local mode the tasks run in
 * the driver's JVM, so the driver normalises the split once, on a thread of its own while it
 * plans the first stage, and the tasks find that copy by a key: no broadcast to serialize (about
 * a second of the full data's fixed cost) and no second copy in memory.
 */
sealed interface TrialData extends Serializable {
  /** The normalised data, shared read-only by the trials of this JVM. */
  CifarData normalised();

  /** Lets the data go at the sweep's end, on the driver and the executors. */
  void release();

  /** The split as the trials of {@code spark}'s executors will get it. */
  static TrialData ship(CifarSplit split, org.apache.spark.SparkContext spark) {
    if (spark.isLocal()) {
      return InDriver.start(split);
    }
    return new Broadcasted(JavaSparkContext.fromSparkContext(spark).broadcast(split));
  }

  /** Broadcast to the executors, each normalising its copy once. */
  record Broadcasted(Broadcast<CifarSplit> split) implements TrialData {
    @Override
    public CifarData normalised() {
      return ExecutorData.get(split);
    }

    @Override
    public void release() {
      SweepRunner.destroy(split);
    }
  }

  /** Normalised by the driver for the tasks of local mode, which run in its JVM. */
  record InDriver(String key) implements TrialData {
    private static final Map<String, CompletableFuture<CifarData>> SHARED =
        new ConcurrentHashMap<>();

    /** Starts normalising {@code split} on a daemon thread; tasks wait for it. */
    static InDriver start(CifarSplit split) {
      String key = UUID.randomUUID().toString();
      CompletableFuture<CifarData> normalised = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          normalised.complete(split.normalise());
        } catch (RuntimeException | Error e) {
          normalised.completeExceptionally(e);
        }
      }, "bnsweep normalise data");
      t.setDaemon(true);
      t.start();
      SHARED.put(key, normalised);
      return new InDriver(key);
    }

    @Override
    public CifarData normalised() {
      CompletableFuture<CifarData> f = SHARED.get(key);
      if (f == null) {
        throw new IllegalStateException("the data of local sweep " + key + " is not in this JVM"
            + " (a task of local mode ran in another process, or after the sweep ended)");
      }
      try {
        return f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the data", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException("normalising the data failed: " + e.getCause(),
            e.getCause());
      }
    }

    @Override
    public void release() {
      SHARED.remove(key);
    }
  }
}
