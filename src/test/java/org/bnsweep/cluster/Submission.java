package org.bnsweep.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A sweep run by {@code submit/bnsweep sweep --master URL} in client mode: the process is the
 * driver's JVM (the script execs java), its output (stdout and stderr) goes to a file.
 */
record Submission(String label, Process process, Path outputFile, long startNanos) {

  /** Waits for the driver to exit; kills it and fails if it takes longer than {@code timeout}. */
  int await(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("sweep " + label + " did not end within " + timeout + ":\n"
          + output());
    }
    System.out.printf("[%s] driver exited with %d after %.1f s%n", label, process.exitValue(),
        LocalCluster.seconds(startNanos));
    return process.exitValue();
  }

  /** Polls the driver's output every 50 ms until it holds {@code text}; fails on timeout. */
  void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(text)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the driver did not print \"" + text + "\":\n" + output());
      }
      Thread.sleep(50);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILLs the driver JVM and waits for it to be gone. */
  void killDriver() throws InterruptedException {
    process.destroyForcibly().waitFor();
    System.out.printf("[%s] driver killed after %.1f s%n", label,
        LocalCluster.seconds(startNanos));
  }

  String output() throws IOException {
    return Files.readString(outputFile);
  }
}
