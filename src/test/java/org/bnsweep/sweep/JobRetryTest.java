package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.UsesCifar10;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's retry of a whole Spark job ({@link SweepRunner#PASSES}): a job that fails as a
 * whole (here its stage is cancelled by the test's file system, {@link CancellingFileSystem}, as
 * when executors are lost) is run again for the trials it left without a row; after the last
 * pass each trial still missing gets a failed row ({@code DriverRows.failed}). A job whose
 * tasks fail on every attempt (a {@link TrialListener} of the test, {@link
 * InjectedFaults#failFirstJob}) is run again too, and its trials' rows equal, bit for bit, those
 * of an undisturbed run.
 */
@UsesCifar10
class JobRetryTest {
  static SparkSession spark;
  @TempDir static Path dir;

  /** One stage of three trials, 10 updates each. */
  static final String SWEEP = """
      bnsweep {
        data { training-size = 1000, validation-size = 300, test-size = 300 }
        training { step-size = 5, cycles = 1 }
        sweep { name = NAME, stages = [ { name = coarse, type = grid, grid { lambda = [1e-1, 1e-3, 0] } } ] }
      }
      """;

  @BeforeAll
  static void start() {
    spark = Fixtures.sparkSession("local[2]",
        "spark.hadoop.fs." + CancellingFileSystem.SCHEME + ".impl",
        CancellingFileSystem.class.getName(),
        "spark.hadoop.fs." + CancellingFileSystem.SCHEME + ".impl.disable.cache", "true");
    CancellingFileSystem.context = spark.sparkContext();
  }

  @AfterAll
  static void stop() {
    CancellingFileSystem.context = null;
    Fixtures.stopSpark(spark);
  }

  @BeforeEach
  void reset() {
    CancellingFileSystem.cancelled.clear();
  }

  private static SweepRunner.Summary run(String name, ByteArrayOutputStream console)
      throws Exception {
    String results = CancellingFileSystem.SCHEME + "://" + dir.resolve(name).toAbsolutePath();
    return SweepFixtures.run(spark,
        SweepFixtures.plan(dir, SWEEP.replace("NAME", name), results), console);
  }

  @Test
  void aFailedJobIsRunAgainForTheTrialsItLeft() throws Exception {
    CancellingFileSystem.stagesToCancel.set(1);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SweepRunner.Summary s = run("once", console);
    String out = console.toString();
    assertEquals(1, CancellingFileSystem.cancelled.size(), out);
    assertTrue(out.contains("[coarse] the Spark job failed ("), out);
    assertTrue(out.contains("left, running them again"), out);
    List<SweepRunner.Outcome> outcomes = s.stages().get("coarse");
    assertEquals(3, outcomes.size(), out);
    assertTrue(outcomes.stream().allMatch(o -> o.status() == TrialStatus.OK), outcomes::toString);
  }

  /**
   * The first job's tasks all fail (the listener throws on every attempt, before training, so
   * no attempt writes a row): the job fails, the driver runs a second one, and each trial ends
   * with one {@code ok} row whose numbers equal those of the same sweep run undisturbed.
   */
  @Test
  void aJobWhoseTasksFailIsRunAgainAndItsRowsEqualAnUndisturbedRun() throws Exception {
    String retried = dir.resolve("retried").toString();
    String undisturbed = dir.resolve("undisturbed").toString();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    TrialListener failFirst = InjectedFaults.failFirstJob("coarse");
    SweepRunner.Summary s = new SweepRunner(spark.sparkContext(),
        SweepFixtures.plan(dir, SWEEP.replace("NAME", "retried"), retried),
        new PrintStream(console, true), failFirst).run();
    String out = console.toString();
    assertTrue(out.contains("[coarse] the Spark job failed (")
        && out.contains("injected failure of the first job"), out);
    assertTrue(out.contains("; 3 trials left, running them again"), out);
    assertEquals(1, out.split("the Spark job failed", -1).length - 1, "one failed job: " + out);
    assertEquals(3, s.trained(), out);
    SweepFixtures.run(spark, SweepFixtures.plan(dir, SWEEP.replace("NAME", "retried"),
        undisturbed), new ByteArrayOutputStream());

    String columns = "trial_id, status, error, attempt, updates, val_accuracy, val_cost,"
        + " train_cost, test_accuracy, training_seed, order_seed, to_json(transform(curve,"
        + " p -> struct(p.epoch, p.updates, p.eta, p.train_cost, p.val_cost, p.val_accuracy)))"
        + " AS points";
    Map<String, Row> a = rows(retried, columns);
    Map<String, Row> b = rows(undisturbed, columns);
    assertEquals(3, spark.read().parquet(retried).count(), "one row per trial");
    assertEquals(b.keySet(), a.keySet());
    for (String id : b.keySet()) {
      Row r = a.get(id);
      assertEquals("ok", r.getString(1), id);
      assertEquals(null, r.get(2), id);
      assertEquals(0, r.getInt(3), id + ": the second job's first attempt");
      for (int i = 4; i < r.size(); i++) {
        assertEquals(b.get(id).get(i), r.get(i), id + ", column " + i + " of " + columns);
      }
    }
  }

  private static Map<String, Row> rows(String table, String columns) {
    String view = "t" + Math.abs(table.hashCode());
    spark.read().parquet(table).createOrReplaceTempView(view);
    return spark.sql("SELECT " + columns + " FROM " + view).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), Function.identity()));
  }

  @Test
  void aJobThatFailsEveryPassLeavesFailedRowsSayingSo() throws Exception {
    CancellingFileSystem.stagesToCancel.set(Integer.MAX_VALUE);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SweepRunner.Summary s;
    try {
      s = run("always", console);
    } finally {
      CancellingFileSystem.stagesToCancel.set(0);
    }
    String out = console.toString();
    assertEquals(SweepRunner.PASSES, CancellingFileSystem.cancelled.size(), out);
    assertTrue(out.contains("trials left, running them again"), out);
    List<SweepRunner.Outcome> outcomes = s.stages().get("coarse");
    assertEquals(3, outcomes.size(), out);
    for (SweepRunner.Outcome o : outcomes) {
      assertEquals(TrialStatus.FAILED, o.status(), o.toString());
      assertTrue(o.error().startsWith("the Spark job failed " + SweepRunner.PASSES + " times: "),
          o.error());
    }
  }
}
