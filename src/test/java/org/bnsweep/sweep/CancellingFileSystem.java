package org.bnsweep.sweep;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;

/**
 * The local disk under the scheme {@code cancelling:}, on which a Spark job of trials fails as
 * one does when its executors are lost: when a task starts writing a trial's row (its temporary
 * file), the file system cancels the task's stage, for as many stages as {@link #stagesToCancel}
 * says, and waits to be interrupted by the cancellation. The trial's row is never written, and
 * the job fails, as a whole, in the driver. Writes of the driver (no task) go through. Register
 * it with {@code fs.cancelling.impl} and set {@link #context} to the session's context.
 */
public final class CancellingFileSystem extends RowFaultFileSystem {
  static final String SCHEME = "cancelling";
  /** The driver's context, in this JVM in local mode. */
  static volatile SparkContext context;
  /** How many more stages to cancel. */
  static final AtomicInteger stagesToCancel = new AtomicInteger();
  /** The stages cancelled so far. */
  static final Set<Integer> cancelled = ConcurrentHashMap.newKeySet();

  @Override
  String scheme() {
    return SCHEME;
  }

  @Override
  void beforeCreate(Path f) throws IOException {
    TaskContext task = TaskContext.get();
    if (task == null || !isRowFile(f)) {
      return;
    }
    int stage = task.stageId();
    if (!cancelled.contains(stage)) {
      if (stagesToCancel.getAndDecrement() <= 0) {
        return;
      }
      cancelled.add(stage);
      context.cancelStage(stage, "cancelled by the test's file system");
    }
    try {
      // The cancellation interrupts the task's thread (the sweep sets interruptOnCancel).
      Thread.sleep(120_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("stage " + stage + " cancelled by the test");
    }
    throw new IOException("the cancellation of stage " + stage + " did not interrupt its task");
  }
}
