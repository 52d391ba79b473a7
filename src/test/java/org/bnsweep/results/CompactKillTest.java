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
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bnsweep compact} in a JVM of its own, SIGKILLed in the middle of its work. The test
 * watches the sweep's folder and kills the process the moment it sees a chosen step of a chosen
 * batch: its temporary compacted file appear, its compacted file published, the first of its
 * trial files deleted. A kill counts only if it hit a live process (exit 137) and left the folder
 * half-compacted, neither as before compact nor as after it, which the test checks by reading
 * every Parquet file with plain parquet-mr before anything repairs the folder. Each such state
 * must hold one row per trial, no trial doubled or lost, by the documented rule, through the
 * table's readers and through Spark; then compact runs again to the end and the test checks
 * again. It fails unless {@value #HALF_DONE} kills left a half-compacted folder.
 *
 * <p>Shown able to fail: a Compaction that deleted each batch's trial files before publishing
 * its compacted file (the wrong order) lost trials at the kills that landed in between, and the
 * test failed at the first such kill.
 */
class CompactKillTest {
  static final String SWEEP = "kill";
  /** Kills that left a half-compacted folder, at least. */
  static final int HALF_DONE = 6;
  /** Compact processes started, at most: the test gives up (fails) after these. */
  static final int ATTEMPTS = 18;
  static final int TRIALS = 60;
  static final int ROWS_PER_FILE = 3;
  static final int BATCHES = TRIALS / ROWS_PER_FILE;
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

  /** A step of compact, seen in the folder, at which the test kills it. */
  enum Step {
    /** The batch's temporary compacted file is there: compact is writing it. */
    WRITING,
    /** The batch's compacted file is published. */
    PUBLISHED,
    /** One of the batch's trial files is gone. */
    DELETING
  }

  private static ResultsTable table(Path root) {
    return new ResultsTable(root.toString(), HadoopConf.of(CONF))
        .withNotices(line -> { });
  }

  /** TRIALS ok trials and one failed one (compact leaves its file). */
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

  /**
   * Watches {@code sweepDir} until compact reaches {@code step} of the {@code batch}th batch (from
   * 1), then SIGKILLs it at once; false if it ended first.
   */
  private static boolean killAt(Process p, Path sweepDir, Step step, int batch)
      throws IOException {
    int trialFiles = TRIALS + 1;
    while (p.isAlive()) {
      int compacted = 0;
      int trials = 0;
      boolean writing = false;
      try (Stream<Path> s = Files.list(sweepDir)) {
        for (Path f : (Iterable<Path>) s::iterator) {
          String name = f.getFileName().toString();
          if (name.startsWith("compacted-")) {
            compacted++;
          } else if (name.startsWith("trial-")) {
            trials++;
          } else if (name.startsWith(".tmp-compacted-")) {
            writing = true;
          }
        }
      }
      boolean there = switch (step) {
        case WRITING -> writing && compacted == batch - 1;
        case PUBLISHED -> compacted >= batch;
        case DELETING -> trials < trialFiles - (batch - 1) * ROWS_PER_FILE;
      };
      if (there) {
        p.destroyForcibly(); // SIGKILL
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  /** Neither as before compact (no compacted file, nothing being written) nor as after it. */
  private static boolean halfCompacted(PlainReader.Folder f) {
    boolean before = f.compacted().isEmpty() && f.temporary().isEmpty();
    boolean after = f.temporary().isEmpty() && f.trials().size() == 1
        && f.covered().size() == TRIALS;
    return !before && !after;
  }

  @Test
  void killedMidCompactionTheTableKeepsOneRowPerTrial() throws Exception {
    int kills = 0;
    int halfDone = 0;
    Map<Step, Integer> byStep = new TreeMap<>();
    int withCovered = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<String> seen = new ArrayList<>();
    for (int attempt = 1; halfDone < HALF_DONE; attempt++) {
      assertTrue(attempt <= ATTEMPTS, "only " + halfDone + " of " + (attempt - 1) + " compacts"
          + " were killed mid-compaction (" + kills + " kills of a live process): " + seen);
      Step step = Step.values()[attempt % Step.values().length];
      int batch = 1 + random.nextInt(BATCHES);
      Path root = dir.resolve("run-" + attempt);
      Map<String, TrialStatus> expected = fill(root);
      Path sweepDir = root.resolve("sweep=" + SWEEP);
      Process p = startCompact(root);
      boolean signalled = killAt(p, sweepDir, step, batch);
      assertTrue(p.waitFor(1, TimeUnit.MINUTES));
      String at = step + " of batch " + batch + " of " + BATCHES;
      if (!signalled || p.exitValue() != 137) {
        // It ended on its own (before the step, or just before the signal): not a kill.
        assertEquals(0, p.exitValue(), Files.readString(root.resolve("compact.log")));
        seen.add(at + ": ended first");
        continue;
      }
      kills++;
      // The state the kill left, before anything repairs it.
      PlainReader.Folder state = PlainReader.folder(sweepDir);
      String left = state.compacted().size() + " compacted, " + state.trials().size()
          + " trial files (" + state.coveredTrialFiles().size() + " covered), "
          + state.temporary().size() + " temporary";
      seen.add(at + ": " + left);
      assertOneRowPerTrial(root, expected, "after a kill at " + at + ", leaving " + left);
      if (!halfCompacted(state)) {
        continue;
      }
      halfDone++;
      byStep.merge(step, 1, Integer::sum);
      if (!state.coveredTrialFiles().isEmpty()) {
        withCovered++;
      }

      Compaction.Outcome again = table(root).compact(SWEEP, ROWS_PER_FILE);
      assertEquals(1, again.left(), "the failed trial's file is left: " + again);
      assertOneRowPerTrial(root, expected, "after compact again (kill at " + at + ")");
      PlainReader.Folder done = PlainReader.folder(sweepDir);
      assertEquals(1, done.trials().size(), "trial files left after compact again (kill at "
          + at + ")");
      assertEquals(List.of(), done.coveredTrialFiles(), "covered trial files left after compact"
          + " again (kill at " + at + ")");
    }
    System.out.printf("compact: %d kills of a live process, %d mid-compaction (%s; %d left"
        + " covered trial files): %s%n", kills, halfDone, byStep, withCovered, seen);
  }

  /**
   * One row per trial: by the rule applied with plain parquet-mr to every file (first, before
   * any reader of the table that might move a file), through Spark, and through the plan's
   * reader.
   */
  private static void assertOneRowPerTrial(Path root, Map<String, TrialStatus> expected,
      String when) throws IOException {
    Map<String, Integer> plain = PlainReader.rowsById(root.resolve("sweep=" + SWEEP));
    Set<String> lost = new TreeSet<>(expected.keySet());
    lost.removeAll(plain.keySet());
    assertEquals(Set.of(), lost, "trials lost (plain reader) " + when);
    Set<String> foreign = new TreeSet<>(plain.keySet());
    foreign.removeAll(expected.keySet());
    assertEquals(Set.of(), foreign, "trials never written (plain reader) " + when);
    assertEquals(List.of(), plain.entrySet().stream().filter(e -> e.getValue() != 1).toList(),
        "trials with other than one row (plain reader) " + when);
    ResultsTable table = table(root).readOnly();
    assertEquals(expected, new TreeMap<>(table.statusById(SWEEP)), "statuses " + when);
    Dataset<Row> rows = table.readSweep(spark, SWEEP);
    List<String> ids = rows.select("trial_id").as(Encoders.STRING()).collectAsList();
    assertEquals(expected.size(), ids.size(), "Spark's rows " + when);
    assertEquals(expected.keySet(), new HashSet<>(ids), "Spark's trials " + when);
    List<String> planned = FinishedTrials.read(root.toString(), CONF).stream()
        .map(FinishedTrials.Row::trialId).toList();
    assertEquals(expected.size(), planned.size(), "plan's rows " + when);
    assertEquals(expected.keySet(), new HashSet<>(planned), "plan's trials " + when);
  }
}
