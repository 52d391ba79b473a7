package org.bnsweep.sweep;

import org.bnsweep.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial whose executor dies after its second cycle's checkpoint continues, on Spark's retry,
 * from that checkpoint: it trains only the third cycle and ends with the numbers of a trial that
 * never died. The session gives tasks two attempts; the runner
 * of stage {@code dies} has a listener that kills its trials after cycle 2.
 */
class ResumeTest {
  static SparkSession spark;
  @TempDir static Path dir;

  /** One trial of 3 cycles of 10 updates (one epoch each). */
  static String sweep(String stage) {
    return """
        bnsweep {
          data { training-size = 1000, validation-size = 300, test-size = 300 }
          training { step-size = 5, cycles = 3, lambda = 0.01 }
          sweep { name = resume, stages = [ { name = STAGE, type = grid, grid { batch-norm = [true] } } ] }
        }
        """.replace("STAGE", stage);
  }

  @BeforeAll
  static void start() {
    spark = Fixtures.sparkSession("local[2, 2]");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

  @Test
  void aTrialKilledAfterCycleTwoResumesAtCycleThreeWithTheSameNumbers() throws Exception {
    assertResumedLikeStraight(ResumeTest::sweep, "", 1);
  }

  /**
   * A trial that loses the race to publish (another writer's finished row came first) deletes
   * its checkpoints as a winner does: nothing would ever read them.
   */
  @Test
  void aTrialThatLosesTheRaceToPublishLeavesNoCheckpoints() throws Exception {
    Path table = dir.resolve("lost-race");
    org.bnsweep.results.ResultsTable results = new org.bnsweep.results.ResultsTable(
        table.toString(), org.bnsweep.results.HadoopConf.of(
            spark.sparkContext().hadoopConfiguration()));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    new SweepRunner(spark.sparkContext(), SweepFixtures.plan(dir, sweep("loses"), table.toString()),
        new PrintStream(console, true),
        InjectedFaults.rivalPublishesAfterCycleOne("loses", results)).run();
    assertEquals(List.of("stopped"), spark.read().parquet(table.toString()).select("status")
        .collectAsList().stream().map(r -> r.getString(0)).toList(), "the rival's row is kept");
    Path checkpoints = table.resolve("_checkpoints");
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(checkpoints)) {
      assertEquals(List.of(), files.filter(java.nio.file.Files::isRegularFile)
          .map(checkpoints::relativize).map(Path::toString).toList(), console.toString());
    }
  }

  /**
   * Runs the sweep with its stage killed after cycle 2 and again straight, into tables named
   * {@code prefix}killed and {@code prefix}straight, and compares their {@code trials} rows.
   */
  private static void assertResumedLikeStraight(java.util.function.UnaryOperator<String> sweep,
      String prefix, int trials) throws Exception {
    String killed = dir.resolve(prefix + "killed").toString();
    String straight = dir.resolve(prefix + "straight").toString();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SweepRunner.Summary resumed = new SweepRunner(spark.sparkContext(),
        SweepFixtures.plan(dir, sweep.apply("dies"), killed), new PrintStream(console, true),
        InjectedFaults.dieAfterCycle("dies", 2)).run();
    SweepRunner.Summary whole = new SweepRunner(spark.sparkContext(),
        SweepFixtures.plan(dir, sweep.apply("lives"), straight), new PrintStream(console, true))
        .run();
    assertEquals(30L * trials, whole.updatesTrained(), console.toString());
    assertEquals(10L * trials, resumed.updatesTrained(),
        "the retry trains each trial's third cycle only");

    String columns = "trial_id, status, updates, val_accuracy, val_cost, test_accuracy, attempt,"
        + " order_seed, to_json(transform(curve, p -> struct(p.epoch, p.updates, p.eta,"
        + " p.train_cost, p.val_cost, p.val_accuracy))) AS points";
    String view = prefix.replace("-", "_");
    spark.read().parquet(killed).createOrReplaceTempView(view + "killed");
    spark.read().parquet(straight).createOrReplaceTempView(view + "straight");
    List<Row> a = spark.sql("SELECT " + columns + " FROM " + view + "killed ORDER BY trial_id")
        .collectAsList();
    List<Row> b = spark.sql("SELECT " + columns + " FROM " + view + "straight ORDER BY trial_id")
        .collectAsList();
    assertEquals(trials, a.size());
    for (int r = 0; r < trials; r++) {
      assertEquals(1, a.get(r).getInt(6), "the row comes from the second attempt");
      assertEquals("ok", a.get(r).getString(1));
      assertEquals(30L, a.get(r).getLong(2));
      for (int i : new int[] {0, 2, 3, 4, 5, 7, 8}) {
        assertEquals(b.get(r).get(i), a.get(r).get(i), "column " + i + " of row " + r);
      }
    }
  }
}
