package org.bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the fault tests tell that an executor trains: its log (the INFO lines of Spark 4.1's
 * {@code Executor}, as {@code executor-log4j2.properties} prints them) shows a task started and
 * not ended. A kill counts only then, so a task that ended in any way must not look running.
 */
class ExecutorLogTest {
  @TempDir Path dir;

  @Test
  void aStartedTaskRunsUntilItsEndIsLogged() throws IOException {
    LocalCluster.Executor e = executorLogging(
        "10:00:01.200 INFO Executor: Starting executor ID 0 on host 127.0.0.1",
        "10:00:02.100 INFO Executor: Running task 3.0 in stage 1.0 (TID 3)");
    assertTrue(e.runsATask());

    append("10:00:05.900 INFO Executor: Finished task 3.0 in stage 1.0 (TID 3). 2087 bytes"
        + " result sent to driver");
    assertFalse(e.runsATask());
  }

  @Test
  void aFailedOrKilledTaskRunsNoMore() throws IOException {
    LocalCluster.Executor e = executorLogging(
        "10:00:02.100 INFO Executor: Running task 4.0 in stage 1.0 (TID 4)",
        "10:00:02.300 INFO Executor: Running task 5.0 in stage 1.0 (TID 5)",
        "10:00:03.000 ERROR Executor: Exception in task 4.0 in stage 1.0 (TID 4)");
    assertTrue(e.runsATask(), "task 5 still runs");

    append("10:00:04.000 INFO Executor: Executor killed task 5.0 in stage 1.0 (TID 5),"
        + " reason: Stage cancelled");
    assertFalse(e.runsATask());
  }

  @Test
  void anExecutorWithoutALogRunsNothing() {
    assertFalse(new LocalCluster.Executor(1, "0", 1, dir).runsATask());
  }

  private LocalCluster.Executor executorLogging(String... lines) throws IOException {
    Files.write(dir.resolve("stderr"), List.of(lines));
    return new LocalCluster.Executor(1, "0", 1, dir);
  }

  private void append(String line) throws IOException {
    Files.writeString(dir.resolve("stderr"), line + "\n",
        java.nio.file.StandardOpenOption.APPEND);
  }
}
