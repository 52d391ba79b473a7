package org.bnsweep.sweep;

import org.bnsweep.UsesCifar10;
import org.bnsweep.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sweep at local[1] and local[2] gives the same metrics, bit for bit (local[2] trains
 * two trials side by side); and a trial that throws is retried by Spark, then recorded as
 * failed, and the sweep goes on. Each case needs its own SparkContext (a master or a setting of
 * its own), started and stopped in turn.
 */
@UsesCifar10
class ParallelismTest {
  @TempDir Path dir;

  private List<Row> sweepAt(String master, String table) throws Exception {
    SparkSession spark = Fixtures.sparkSession(master);
    try {
      SweepPlan plan = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES, table);
      new SweepRunner(spark.sparkContext(), plan, new PrintStream(new ByteArrayOutputStream())).run();
      return spark.read().parquet(table)
          .selectExpr("trial_id", "stage", "status", "train_loss", "val_accuracy",
              "test_accuracy", "to_json(curve) AS curve", "training_seed", "order_seed")
          .orderBy("trial_id").collectAsList();
    } finally {
      Fixtures.stopSpark(spark);
    }
  }

  @Test
  void localOneAndLocalTwoGiveIdenticalMetrics() throws Exception {
    List<Row> one = sweepAt("local[1]", dir.resolve("one").toString());
    List<Row> two = sweepAt("local[2]", dir.resolve("two").toString());
    assertEquals(6, one.size());
    // Rows hold metrics and curves but not timings, which differ from run to run.
    List<String> curvesOne = one.stream().map(r -> r.getString(6)
        .replaceAll("\"seconds\":[0-9.Ee-]+", "")).toList();
    List<String> curvesTwo = two.stream().map(r -> r.getString(6)
        .replaceAll("\"seconds\":[0-9.Ee-]+", "")).toList();
    assertEquals(curvesOne, curvesTwo);
    for (int i = 0; i < one.size(); i++) {
      for (int c = 0; c < 6; c++) {
        assertEquals(one.get(i).get(c), two.get(i).get(c), "column " + c + " of " + one.get(i));
      }
      assertEquals(one.get(i).getLong(7), two.get(i).getLong(7));
      assertEquals(one.get(i).getLong(8), two.get(i).getLong(8));
      // A trial's own seed draws its order of mini-batches.
      assertEquals(one.get(i).getLong(7), one.get(i).getLong(8));
    }
  }

  @Test
  void aThrowingTrialIsRetriedThenRecordedAsFailed() throws Exception {
    String table = dir.resolve("failing").toString();
    // local[2, 2]: two attempts per task, so the first failure is retried by Spark.
    SparkSession spark = Fixtures.sparkSession("local[2,2]");
    try {
      SweepPlan plan = SweepFixtures.plan(dir, SweepFixtures.TWO_STAGES, table);
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      SweepRunner.Summary s = new SweepRunner(spark.sparkContext(), plan, new PrintStream(console),
          InjectedFaults.failStage("coarse")).run();
      assertEquals(4, s.stages().get("coarse").size());
      assertTrue(s.stages().get("coarse").stream().allMatch(o -> o.status() == TrialStatus.FAILED));
      assertTrue(console.toString().contains("[fine] skipped"), console.toString());
      List<Row> rows = spark.read().parquet(table).select("status", "error", "attempt")
          .collectAsList();
      assertEquals(4, rows.size());
      for (Row r : rows) {
        assertTrue(r.getString(1).contains("injected failure"), r.getString(1));
        assertEquals(1, r.getInt(2)); // the second attempt, after Spark's retry
      }
    } finally {
      Fixtures.stopSpark(spark);
    }
  }

  /**
   * The segments of an asynchronous stage run as jobs of their own (SparkStage): the listener
   * reaches their executors too. Without it the two trials would train and end ok.
   */
  @Test
  void aThrowingTrialOfAnAsynchronousStageIsRetriedThenRecordedAsFailed() throws Exception {
    String table = dir.resolve("failing-async").toString();
    SparkSession spark = Fixtures.sparkSession("local[2,2]");
    try {
      SweepPlan plan = SweepFixtures.plan(dir, """
          bnsweep {
            data { training-size = 1000, validation-size = 300, test-size = 300 }
            training { step-size = 5, cycles = 1 }
            sweep {
              name = failing-async
              stages = [ { name = search, sampler { type = grid }, space { lambda = [1e-1, 1e-3] }
                           scheduler { type = asha, rungs = [1] } } ]
            }
          }
          """, table);
      SweepRunner.Summary s = new SweepRunner(spark.sparkContext(), plan,
          new PrintStream(new ByteArrayOutputStream()), InjectedFaults.failStage("search")).run();
      assertEquals(2, s.stages().get("search").size(), s.toString());
      List<Row> rows = spark.read().parquet(table).select("status", "error", "attempt")
          .collectAsList();
      assertEquals(2, rows.size());
      for (Row r : rows) {
        assertEquals("failed", r.getString(0));
        assertTrue(r.getString(1).contains("injected failure"), r.getString(1));
        assertEquals(1, r.getInt(2)); // the second attempt, after Spark's retry
      }
    } finally {
      Fixtures.stopSpark(spark);
    }
  }
}
