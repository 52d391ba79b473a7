package org.bnsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bnsweep compact} in a JVM of its own, SIGKILLed at random moments: after each kill the
 * table (through ResultsTable, Spark included, and through the documented rule applied by hand
 * to every Parquet file of the folder) has one row per trial, and a second compact finishes.
 * Only kills of a live process count; half of them land at a random moment after the first
 * compacted file began to be written, so that they hit the compaction rather than the JVM's
 * start, and the test fails unless some left a half-compacted folder (the positive control:
 * covered trial files that a reader ignoring the rule would count twice).
 */
class CompactKillTest {
  static final String SWEEP = "kill";
  static final int KILLS = 20;
  static final int TRIALS = 40;
  static final int ROWS_PER_FILE = 4;
  static final Configuration CONF = new Configuration();
  static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = Fixtures.sparkSession("local[1]");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

  private static ResultsTable table(Path root) {
    return new ResultsTable(root.toString(), HadoopConf.of(CONF))
        .withNotices(line -> { });
  }

  private static Map<String, TrialStatus> fill(Path root) {
    Map<String, TrialStatus> expected = new TreeMap<>();
    ResultsTable table = table(root);
    for (int i = 0; i <= TRIALS; i++) {
      String id = TrialRows.newId();
      TrialStatus status = i == TRIALS ? TrialStatus.FAILED : TrialStatus.OK;
      assertTrue(table.write(SWEEP, TrialRows.row(id, status, "first"), false));
      expected.put(id, status);
    }
    return expected;
  }

  private static Process startCompact(Path root) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-XX:TieredStopAtLevel=1"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "org.bnsweep.cli.Main", "compact", "--results", root.toString(), "--sweep", SWEEP,
        "--rows-per-file", String.valueOf(ROWS_PER_FILE)));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(root.resolve("compact.log").toFile()).start();
  }

  /** Waits until compact begins to write its first compacted file (or ends); false if ended. */
  private static boolean awaitWriting(Process p, Path sweepDir) throws Exception {
    while (p.isAlive()) {
      try (Stream<Path> s = Files.list(sweepDir)) {
        if (s.anyMatch(f -> f.getFileName().toString().contains("compacted-"))) {
          return true;
        }
      }
      Thread.sleep(2);
    }
    return false;
  }

  @Test
  void killedAtRandomMomentsTheTableKeepsOneRowPerTrial() throws Exception {
    // A whole run first: how long a run takes, and how long its writing part.
    Path calibration = dir.resolve("calibration");
    fill(calibration);
    long t0 = System.nanoTime();
    Process whole = startCompact(calibration);
    assertTrue(awaitWriting(whole, calibration.resolve("sweep=" + SWEEP)), "compact ended"
        + " before writing: " + Files.readString(calibration.resolve("compact.log")));
    long writingFrom = System.nanoTime();
    assertTrue(whole.waitFor(5, TimeUnit.MINUTES));
    long end = System.nanoTime();
    assertEquals(0, whole.exitValue(), Files.readString(calibration.resolve("compact.log")));
    long runMillis = (end - t0) / 1_000_000;
    long writingMillis = Math.max(1, (end - writingFrom) / 1_000_000);

    int kills = 0;
    int halfCompacted = 0;
    int attempts = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (kills < KILLS) {
      assertTrue(++attempts <= 3 * KILLS, "only " + kills + " of " + attempts
          + " attempts killed a live compact");
      Path root = dir.resolve("run-" + attempts);
      Map<String, TrialStatus> expected = fill(root);
      Path sweepDir = root.resolve("sweep=" + SWEEP);
      Process p = startCompact(root);
      if (attempts % 2 == 0) {
        Thread.sleep(random.nextLong(runMillis));
      } else if (awaitWriting(p, sweepDir)) {
        Thread.sleep(random.nextLong(writingMillis));
      }
      if (!p.isAlive()) {
        p.waitFor();
        continue; // it had ended: not a kill
      }
      p.destroyForcibly(); // SIGKILL
      assertTrue(p.waitFor(1, TimeUnit.MINUTES));
      if (p.exitValue() != 137) {
        continue; // it ended on its own just before the signal
      }
      kills++;
      // The state the kill left, before any repair.
      if (PlainReader.rowsByIdIgnoringTheRule(sweepDir).values().stream().anyMatch(n -> n > 1)) {
        halfCompacted++;
      }
      assertOneRowPerTrial(root, expected, "after kill " + kills);

      Compaction.Outcome again = table(root).compact(SWEEP, ROWS_PER_FILE);
      assertEquals(1, again.left(), "the failed trial's file is left: " + again);
      assertOneRowPerTrial(root, expected, "after compact again (kill " + kills + ")");
      try (Stream<Path> s = Files.list(sweepDir)) {
        assertEquals(1, s.filter(f -> f.getFileName().toString().startsWith("trial-")).count(),
            "trial files left after compact again (kill " + kills + ")");
      }
    }
    System.out.printf("compact killed %d times in %d attempts (a run: %d ms, %d ms writing);"
        + " %d kills left a half-compacted folder%n", kills, attempts, runMillis, writingMillis,
        halfCompacted);
    assertTrue(halfCompacted > 0, "no kill left a half-compacted folder: the test tests nothing");
  }

  private static void assertOneRowPerTrial(Path root, Map<String, TrialStatus> expected,
      String when) throws IOException {
    ResultsTable table = table(root).readOnly();
    assertEquals(expected, new TreeMap<>(table.statusById(spark, SWEEP)), "statuses " + when);
    Dataset<Row> rows = table.readSweep(spark, SWEEP);
    List<String> ids = rows.select("trial_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
    assertEquals(expected.size(), ids.size(), "Spark's rows " + when);
    assertEquals(expected.keySet(), new HashSet<>(ids), "Spark's trials " + when);
    Map<String, Integer> plain = PlainReader.rowsById(root.resolve("sweep=" + SWEEP));
    assertEquals(expected.keySet(), plain.keySet(), "plain reader's trials " + when);
    assertEquals(Set.of(1), new HashSet<>(plain.values()), "plain reader's rows " + when);
    List<String> planned = FinishedTrials.read(root.toString(), CONF).stream()
        .map(FinishedTrials.Row::trialId).toList();
    assertEquals(expected.size(), planned.size(), "plan's rows " + when);
    assertEquals(expected.keySet(), new HashSet<>(planned), "plan's trials " + when);
  }
}
