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
 * never died. The session gives tasks two attempts and kills trials of stage {@code dies}.
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
    spark = Fixtures.sparkSession("local[2, 2]", TrialExecutor.DIE_AFTER_CYCLE, "dies:2");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

  @Test
  void aTrialKilledAfterCycleTwoResumesAtCycleThreeWithTheSameNumbers() throws Exception {
    String killed = dir.resolve("killed").toString();
    String straight = dir.resolve("straight").toString();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SweepRunner.Summary resumed = new SweepRunner(spark,
        SweepFixtures.plan(dir, sweep("dies"), killed), new PrintStream(console, true)).run();
    SweepRunner.Summary whole = new SweepRunner(spark,
        SweepFixtures.plan(dir, sweep("lives"), straight), new PrintStream(console, true)).run();
    assertEquals(30, whole.updatesTrained(), console.toString());
    assertEquals(10, resumed.updatesTrained(), "the retry trains the third cycle only");

    String columns = "trial_id, status, updates, val_accuracy, val_cost, test_accuracy, attempt,"
        + " transform(curve, p -> struct(p.epoch, p.updates, p.eta, p.train_cost, p.val_cost,"
        + " p.val_accuracy)) AS points";
    spark.read().parquet(killed).createOrReplaceTempView("killed");
    spark.read().parquet(straight).createOrReplaceTempView("straight");
    List<Row> a = spark.sql("SELECT " + columns + " FROM killed").collectAsList();
    List<Row> b = spark.sql("SELECT " + columns + " FROM straight").collectAsList();
    assertEquals(1, a.size());
    assertEquals(1, a.get(0).getInt(6), "the row comes from the second attempt");
    assertEquals("ok", a.get(0).getString(1));
    assertEquals(30L, a.get(0).getLong(2));
    for (int i : new int[] {0, 2, 3, 4, 5, 7}) {
      assertEquals(b.get(0).get(i), a.get(0).get(i), "column " + i);
    }
  }
}
