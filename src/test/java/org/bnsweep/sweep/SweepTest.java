package org.bnsweep.sweep;

import org.bnsweep.UsesCifar10;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.params.BadSettings;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep end to end on a local[2] session: plan, train, write, read back, resume. */
@UsesCifar10
class SweepTest {
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = Fixtures.sparkSession("local[2]");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

  static SweepRunner.Summary run(SweepPlan plan, ByteArrayOutputStream console) {
    return SweepFixtures.run(spark, plan, console);
  }

  @Test
  void gridThenRefinementWritesOneRowPerTrialAndResumesWithoutRetraining() throws Exception {
    String table = dir.resolve("trials").toString();
    SweepPlan plan = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES, table);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SweepRunner.Summary first = run(plan, console);
    assertEquals(6, first.trained(), console.toString());
    assertEquals(1, first.reused()); // the refinement's centre is the coarse best itself

    spark.read().parquet(table).createOrReplaceTempView("trials");
    Dataset<Row> rows = spark.sql("SELECT * FROM trials WHERE sweep = 'two-stage'");
    assertEquals(6, rows.count());
    assertEquals(6, rows.select("trial_id").distinct().count());
    assertEquals(0, spark.sql("SELECT * FROM trials WHERE status <> 'ok'").count());
    Row best = spark.sql("SELECT lambda FROM trials WHERE stage = 'coarse'"
        + " ORDER BY val_accuracy DESC, trial_id LIMIT 1").first();
    double bestLambda = best.getDouble(0);
    List<Double> fine = spark.sql("SELECT lambda FROM trials WHERE stage = 'fine'"
        + " ORDER BY lambda").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
    assertEquals(2, fine.size());
    assertEquals(bestLambda * 0.5, fine.get(0), 1e-12 * bestLambda);
    assertEquals(bestLambda * 2, fine.get(1), 1e-12 * bestLambda);
    Row one = spark.sql("SELECT epochs, size(curve), executor, started_at, ended_at, seconds"
        + " FROM trials LIMIT 1").first();
    assertEquals(one.getInt(0), one.getInt(1));
    assertNotNull(one.getString(2));
    assertTrue(one.getTimestamp(4).compareTo(one.getTimestamp(3)) >= 0);
    assertTrue(console.toString().contains("[coarse] 4/4"), console.toString());

    Map<String, Long> modified = fileTimes(Path.of(table, "sweep=two-stage"));
    SweepRunner.Summary again = run(plan, new ByteArrayOutputStream());
    assertEquals(0, again.trained());
    assertEquals(7, again.reused());
    assertEquals(modified, fileTimes(Path.of(table, "sweep=two-stage")));
    assertEquals(6, spark.read().parquet(table).count());

    // One trial of the coarse stage lost its row: only it is trained again, and it gets its
    // numbers back to the bit.
    Row lost = spark.sql("SELECT trial_id, val_accuracy, train_loss FROM trials"
        + " WHERE stage = 'coarse' ORDER BY trial_id LIMIT 1").first();
    try (Stream<Path> files = Files.list(Path.of(table, "sweep=two-stage"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().contains(lost.getString(0)))
          .toList()) {
        Files.delete(f);
      }
    }
    SweepRunner.Summary third = run(plan, new ByteArrayOutputStream());
    assertEquals(1, third.trained());
    Row back = spark.read().parquet(table).where("trial_id = '" + lost.getString(0) + "'")
        .select("val_accuracy", "train_loss").first();
    assertEquals(lost.getDouble(1), back.getDouble(0));
    assertEquals(lost.getDouble(2), back.getDouble(1));
  }

  private static Map<String, Long> fileTimes(Path sweepDir) throws Exception {
    try (Stream<Path> files = Files.list(sweepDir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("trial-"))
          .collect(Collectors.toMap(p -> p.getFileName().toString(), p -> {
            try {
              return Files.getLastModifiedTime(p).toMillis();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }));
    }
  }

  @Test
  void aDivergingTrialIsRecordedAndTheSweepGoesOn() throws Exception {
    String table = dir.resolve("diverging").toString();
    String hocon = SweepFixtures.TWO_STAGES.replace("name = two-stage", "name = diverging")
        .replace("lambda = [1e-1, 1e-3], batch-norm = [true, false]",
            "eta-max = [1e7, 0.1], batch-norm = [false]");
    SweepRunner.Summary s = run(SweepFixtures.plan(dir, hocon, table), new ByteArrayOutputStream());
    List<TrialStatus> statuses = s.stages().get("coarse").stream()
        .map(SweepRunner.Outcome::status).sorted().toList();
    assertEquals(List.of(TrialStatus.OK, TrialStatus.DIVERGED), statuses);
    assertTrue(s.stages().get("fine").size() >= 2, "the refinement still ran");
  }

  /** A mistake in each of two stages: both are reported in one run, each with its stage. */
  @Test
  void everyStagesProblemIsReportedAtOnce() {
    String twoMistakes = SweepFixtures.TWO_STAGES
        .replace("lambda = [1e-1, 1e-3]", "lambda = [1e-1, -1]")
        .replace("top = 1", "top = 0");
    BadSettings e = assertThrows(BadSettings.class,
        () -> SweepFixtures.plan(dir, twoMistakes, "x"));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).getMessage().contains("training.lambda must be >= 0"),
        e.getMessage());
    assertTrue(e.problems().get(1).getMessage().contains("sweep stage 2 (")
        && e.problems().get(1).getMessage().contains("top must be >= 1, got 0"), e.getMessage());
  }

  @Test
  void badInputFailsBeforeAnyTraining() throws Exception {
    assertMessage(() -> SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES.replace(
        "type = grid", "type = gird"), "x"), "type \"gird\"");
    assertMessage(() -> SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES.replace(
        "of = coarse", "of = corse"), "x"), "refines stage \"corse\"");
    assertMessage(() -> SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES.replace(
        "lambda = [1e-1, 1e-3], batch-norm = [true, false]", "lambda = []"), "x"), "empty");
    assertMessage(() -> SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES.replace(
        "lambda = [1e-1, 1e-3]", "lambda = [1e-1, -1]"), "x"), "training.lambda must be >= 0");
    assertMessage(() -> SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES.replace(
        "grid { lambda", "gird { lambda"), "x"), "unknown key \"gird\"");
    assertMessage(() -> SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES, "x",
        "sweep.pack-size=4"), "bnsweep.sweep.pack-size is an unknown key");

    Path blocker = Files.writeString(dir.resolve("a-file"), "not a folder");
    SweepPlan unwritable = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES,
        blocker.resolve("table").toString());
    assertMessage(() -> run(unwritable, new ByteArrayOutputStream()), "cannot be written");

    SweepPlan noData = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES,
        dir.resolve("t2").toString(), "data.dir=\"" + dir.resolve("no-cifar") + "\"");
    assertMessage(() -> run(noData, new ByteArrayOutputStream()), "fetch-cifar10.sh");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
  }
}
