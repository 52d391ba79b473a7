package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.UsesCifar10;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sweep tells before and around training: its dry run, its refusal of trials too large
 * for an executor, and its stop when results cannot be written.
 */
@UsesCifar10
class PlanChecksTest {
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = Fixtures.sparkSession("local[2]",
        "spark.hadoop.fs." + FullDiskFileSystem.SCHEME + ".impl",
        FullDiskFileSystem.class.getName(),
        "spark.hadoop.fs." + FullCheckpointDiskFileSystem.SCHEME + ".impl",
        FullCheckpointDiskFileSystem.class.getName());
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

  static String dryRun(SweepPlan plan) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DryRun.print(plan, () -> spark.sparkContext().hadoopConfiguration(),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aDryRunPrintsStagesAndCountsAndWritesNothing() throws Exception {
    Path table = dir.resolve("dry");
    String text = dryRun(SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES, table.toString()));
    assertTrue(text.contains("[coarse] grid: batch-norm = [true, false] x lambda = [0.100,"
        + " 0.00100] = 4 trials; 0 already in the table"), text);
    assertTrue(text.contains("no estimate (no finished trial of this shape in the table)"), text);
    assertTrue(text.contains("[fine] refine: top 1 of coarse x lambda"), text);
    assertTrue(text.contains("= up to 3 trials"), text);
    assertTrue(text.contains("total: up to 7 trials"), text);
    assertFalse(Files.exists(table), "the dry run made " + table);
  }

  @Test
  void aDryRunCountsTheTrialsTheTableHoldsAndEstimatesTheRestWithoutTouchingIt()
      throws Exception {
    Path table = dir.resolve("estimated");
    SweepPlan plan = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES, table.toString());
    new SweepRunner(spark.sparkContext(), plan, new PrintStream(new ByteArrayOutputStream())).run();
    Map<String, Long> before = files(table);
    // A bigger grid of the same shape: 4 trials held, 2 new ones to estimate.
    SweepPlan wider = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES.replace(
        "lambda = [1e-1, 1e-3]", "lambda = [1e-1, 1e-3, 1e-5]"), table.toString());
    String text = dryRun(wider);
    assertTrue(text.contains("= 6 trials; 4 already in the table; about "), text);
    assertTrue(text.contains("(6 trials of this sweep there)"), text);
    assertEquals(before, files(table));
  }

  @Test
  void aTrialTooLargeForTheExecutorStopsTheSweepBeforeAnyTraining() throws Exception {
    Path table = dir.resolve("large");
    long heap = Runtime.getRuntime().maxMemory();
    // 600,000 x 3,072 weights fit in a Java array but need tens of gigabytes.
    SweepPlan plan = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES.replace(
        "lambda = [1e-1, 1e-3]", "hidden = [[50], [600000]], lambda = [1e-1]"),
        table.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SweepRunner(spark.sparkContext(), plan, new PrintStream(new ByteArrayOutputStream())).run());
    assertTrue(e.getMessage().matches("trial [0-9a-f]{16} of stage coarse \\(hidden \\[600000\\]\\)"
        + " needs about .* but this JVM's heap \\(local mode\\) is .*; lower network.hidden or"
        + " raise BNSWEEP_HEAP to \\d+g"), e.getMessage());
    assertTrue(e.getMessage().contains(org.bnsweep.train.TrialMemory.size(heap)), e.getMessage());
    assertFalse(Files.exists(table));
  }

  @Test
  void aFullDiskStopsTheSweepAfterTheStageWithoutTrainingTrialsAgain() throws Exception {
    String table = FullDiskFileSystem.SCHEME + "://" + dir.resolve("full").toAbsolutePath();
    SweepPlan plan = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES.replace(
        "name = two-stage", "name = full-disk"), table);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    FullDiskFileSystem.WRITES.clear();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new SweepRunner(spark.sparkContext(), plan, new PrintStream(console, true)).run());
    assertTrue(e.getMessage().matches("cannot write results to faulty:/.*/full \\(No space left"
        + " on device\\); 4 trials trained in this run could not be saved; free space and run"
        + " the sweep again"), e.getMessage());
    // One attempt per trial: no Spark retry, no second pass, and the refinement never ran.
    assertEquals(4, FullDiskFileSystem.WRITES.size(), FullDiskFileSystem.WRITES.toString());
    assertTrue(FullDiskFileSystem.WRITES.values().stream().allMatch(n -> n.get() == 1),
        FullDiskFileSystem.WRITES.toString());
    assertFalse(console.toString().contains("[fine]"), console.toString());
    assertEquals(4, console.toString().lines().filter(l -> l.contains("not saved")).count(),
        console.toString());
  }

  /**
   * A disk that fills between two checkpoints: the sweep stops with the same one line, no trial
   * is retried or given a failed row (which would hide the cause), and the checkpoints stored
   * before stay, so that the sweep run again continues from them.
   */
  @Test
  void aCheckpointTheDiskCannotHoldStopsTheSweepWithoutAFailedRow() throws Exception {
    Path folder = dir.resolve("checkpoints-full");
    String table = FullCheckpointDiskFileSystem.SCHEME + "://" + folder.toAbsolutePath();
    SweepPlan plan = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES
        .replace("name = two-stage", "name = checkpoint-disk").replace("cycles = 1", "cycles = 3"),
        table);
    FullCheckpointDiskFileSystem.REFUSED.clear();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new SweepRunner(spark.sparkContext(), plan, new PrintStream(new ByteArrayOutputStream())).run());
    assertTrue(e.getMessage().matches("cannot write results to fullckpt:/.*/checkpoints-full \\(No"
        + " space left on device\\); 4 trials trained in this run could not be saved; free space"
        + " and run the sweep again"), e.getMessage());
    assertEquals(4, FullCheckpointDiskFileSystem.REFUSED.size(),
        FullCheckpointDiskFileSystem.REFUSED.toString());
    assertTrue(FullCheckpointDiskFileSystem.REFUSED.values().stream().allMatch(n -> n.get() == 1),
        "a trial was tried again: " + FullCheckpointDiskFileSystem.REFUSED);
    Path sweep = folder.resolve("checkpoint-disk");
    try (Stream<Path> files = Files.walk(folder)) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .toList(), "rows written for trials whose checkpoint could not be stored");
    }
    for (String trial : FullCheckpointDiskFileSystem.REFUSED.keySet()) {
      assertTrue(Files.isRegularFile(folder.resolve("_checkpoints").resolve("checkpoint-disk")
          .resolve(trial).resolve("1")), "the checkpoint of cycle 1 of " + trial + " is gone");
    }
    assertFalse(Files.exists(sweep.resolve("_corrupt")));
  }

  @Test
  void longTrialsShowTheirEpochsAsTheyGoAndLeaveNoProgressFiles() throws Exception {
    Path table = dir.resolve("long");
    // 1,000 images in batches of 100: 10 updates an epoch; 2 x 300 updates = 60 epochs each,
    // about 2 s: long enough for several lines (at 30 epochs, 1.1 s, one line was seen once).
    String hocon = SweepFixtures.TWO_STAGES.replace("name = two-stage", "name = long-trials")
        .replace("step-size = 5", "step-size = 300")
        .replace("lambda = [1e-1, 1e-3], batch-norm = [true, false]", "lambda = [1e-1, 1e-3]")
        .replace("{ name = fine, type = refine, of = coarse, top = 1", "")
        .replace("grid { lambda = { around = best, from = 0.5, to = 2, count = 3 } } }", "");
    SweepPlan plan = SweepFixtures.plan(dir, hocon, table.toString());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    long start = System.nanoTime();
    new SweepRunner(spark.sparkContext(), plan, new PrintStream(console, true), TrialListener.NONE, 0.5).run();
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> running = console.toString().lines()
        .filter(l -> l.startsWith("[coarse] running ")).toList();
    // A line about every 0.5 s, as this runner asks: more than a sweep's period (one line
    // every 10 s at most) gives in the time the whole run took.
    assertTrue(running.size() > seconds / Progress.RUNNING_LINE_SECONDS + 1,
        running.size() + " lines in " + seconds + " s:\n" + console);
    for (String line : running) {
      assertTrue(line.matches("\\[coarse\\] running [12]: [0-9a-f]{8}\\.\\. epoch \\d+/60 val"
          + " 0\\.\\d{4}(, [0-9a-f]{8}\\.\\. epoch \\d+/60 val 0\\.\\d{4})?"), line);
    }
    try (Stream<Path> left = Files.walk(table.resolve("_progress"))) {
      assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
    } catch (java.nio.file.NoSuchFileException gone) {
      // The stage's end removed the folder as well.
    }
  }

  private static Map<String, Long> files(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).collect(Collectors.toMap(Path::toString, p -> {
        try {
          return Files.getLastModifiedTime(p).toMillis();
        } catch (java.io.IOException x) {
          throw new java.io.UncheckedIOException(x);
        }
      }));
    }
  }

}
