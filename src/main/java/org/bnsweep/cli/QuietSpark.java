package org.bnsweep.cli;

import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Silences the Spark loggers that put stack traces (or noise) on the terminal for failures that
 * reach the user anyway, as the one error line of {@link Main}: a task's exception is logged by
 * the executor, by the task set and by the scheduler, each with its trace, before the driver
 * rethrows it. Only these loggers: the rest of Spark's warnings still show.
 */
final class QuietSpark {
  private static final Map<String, Level> LEVELS = Map.of(
      // "Exception in task ...", with the trace.
      "org.apache.spark.executor.Executor", Level.OFF,
      // "Lost task ...", the trace inside the message; "Task ... failed; aborting job".
      "org.apache.spark.scheduler.TaskSetManager", Level.OFF,
      // "Exception in statusUpdate" (a RejectedExecutionException when a session stops).
      "org.apache.spark.scheduler.TaskSchedulerImpl", Level.OFF,
      // "Assume no metadata directory", with a FileNotFoundException trace, for a missing path.
      "org.apache.spark.sql.execution.streaming.sinks.FileStreamSink", Level.ERROR,
      // "Truncated the string representation of a plan", while building an error message.
      "org.apache.spark.util.SparkStringUtils", Level.ERROR);

  private QuietSpark() {}

  static void apply() {
    LEVELS.forEach(Configurator::setLevel);
  }
}
