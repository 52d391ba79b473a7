package org.bnsweep.sweep;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.CifarSplit;

/**
 * A sweep's data, read and checked on a thread of its own from the moment the plan is known:
 * the sweep command starts it before Spark, so that the read (about a second for the full data)
 * overlaps Spark's start instead of following it.
 */
public final class DataRead {
  /** The split, and the seconds its read took. */
  private record Read(CifarSplit split, double seconds) {}

  private final CompletableFuture<Read> read;

  private DataRead(CompletableFuture<Read> read) {
    this.read = read;
  }

  /** Starts reading {@code plan}'s data on a daemon thread. */
  public static DataRead start(SweepPlan plan) {
    CompletableFuture<Read> read = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      long start = System.nanoTime();
      try {
        CifarSplit split = CifarSplit.of(CifarData.readFiles(plan.data()), plan.data());
        read.complete(new Read(split, (System.nanoTime() - start) / 1e9));
      } catch (RuntimeException | Error e) {
        read.completeExceptionally(e);
      }
    }, "bnsweep read data");
    t.setDaemon(true);
    t.start();
    return new DataRead(read);
  }

  /** The split, once read; a failed read throws what the reader threw. */
  CifarSplit split() {
    return get().split();
  }

  /** How long the read took (on its own thread). */
  double seconds() {
    return get().seconds();
  }

  private Read get() {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
