package org.bnsweep.sweep;

import org.bnsweep.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A halving stage end to end on a local[2] session: rungs, promotions, rows, resume. */
class HalvingTest {
  static SparkSession spark;
  @TempDir static Path dir;

  /**
   * Six random lambdas on 1,000 training images, 10 updates per cycle (one epoch), rungs of
   * 1, 2 and 3 cycles keeping half: 6 trials, then 3, then 2.
   */
  static final String HALVING =
      """
      bnsweep {
        data { training-size = 1000, validation-size = 300, test-size = 300 }
        training { step-size = 5 }
        sweep {
          name = halving
          stages = [
            { name = lambdas, type = halving, rungs = [1, 2, 3], keep = 0.5
              candidates { lambda = { from = 1e-5, to = 1, count = 6, random = true } } }
          ]
        }
      }
      """;

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
  void eachRungKeepsTheBestHalfAndEveryTrialEndsWithOneRow() throws Exception {
    String table = dir.resolve("trials").toString();
    SweepPlan plan = SweepFixtures.plan(dir, HALVING, table);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SweepRunner.Summary first = run(plan, console);
    assertEquals(10L * (6 + 3 + 2), first.updatesTrained(), console.toString());

    spark.read().parquet(table).createOrReplaceTempView("trials");
    assertEquals(6, spark.sql("SELECT DISTINCT trial_id FROM trials").count());
    assertEquals(6, spark.sql("SELECT * FROM trials").count());
    List<Row> byRung = spark.sql("SELECT status, rung, count(*), min(updates), max(updates),"
        + " min(cycles), max(cycles), min(stage_type) FROM trials GROUP BY status, rung"
        + " ORDER BY rung").collectAsList();
    assertEquals(3, byRung.size(), byRung.toString());
    assertRung(byRung.get(0), "stopped", 0, 3, 10);
    assertRung(byRung.get(1), "stopped", 1, 1, 20);
    assertRung(byRung.get(2), "ok", 2, 2, 30);
    for (Row r : byRung) {
      assertEquals(3, r.getInt(5), "every trial is planned with the last rung's cycles");
      assertEquals("halving", r.getString(7));
    }
    assertEquals(10L * (3 + 2 + 2 * 3),
        spark.sql("SELECT sum(updates) FROM trials").first().getLong(0));

    // Every trial that went on beat, at the rung's end, every trial stopped there.
    for (int rung = 0; rung < 2; rung++) {
      long end = 10L * (rung + 1);
      String atEnd = "element_at(filter(curve, p -> p.updates = " + end + "), 1).val_accuracy";
      Row r = spark.sql("SELECT max(CASE WHEN rung = " + rung + " THEN " + atEnd + " END),"
          + " min(CASE WHEN rung > " + rung + " THEN " + atEnd + " END) FROM trials").first();
      assertTrue(r.getDouble(0) <= r.getDouble(1), "rung " + rung + ": stopped best "
          + r.getDouble(0) + ", kept worst " + r.getDouble(1));
    }
    assertEquals(0, spark.sql("SELECT * FROM trials WHERE status = 'stopped'"
        + " AND test_accuracy IS NOT NULL").count());
    // A stopped row spans its training (it ended when its checkpoint was written, its seconds
    // before that it started), not the moment the driver stopped it (then both were equal).
    // 2 ms: the rounding of seconds to whole milliseconds, twice.
    Row span = spark.sql("SELECT min(seconds), max(abs((unix_millis(ended_at)"
        + " - unix_millis(started_at)) / 1000.0 - seconds)) FROM trials"
        + " WHERE status = 'stopped'").first();
    assertTrue(span.getDouble(0) > 0.01 && span.getDouble(1) <= 0.002, span.toString());
    Path checkpoints = dir.resolve("trials/_checkpoints/halving");
    assertEquals(4, Files.list(checkpoints).count(), "finished trials' checkpoints are deleted");

    SweepRunner.Summary again = run(plan, new ByteArrayOutputStream());
    assertEquals(0, again.trained());
    assertEquals(0, again.updatesTrained());
    assertEquals(6, spark.read().parquet(table).count());
  }

  private static void assertRung(Row r, String status, int rung, long trials, long updates) {
    assertEquals(status, r.getString(0), r.toString());
    assertEquals(rung, r.getInt(1), r.toString());
    assertEquals(trials, r.getLong(2), r.toString());
    assertEquals(updates, r.getLong(3), r.toString());
    assertEquals(updates, r.getLong(4), r.toString());
  }

  @Test
  void badRungsAndKeepAreNamed() {
    IllegalArgumentException rungs = assertThrows(IllegalArgumentException.class,
        () -> SweepFixtures.plan(dir, HALVING.replace("[1, 2, 3]", "[2, 1]"), "unused"));
    assertTrue(rungs.getMessage().contains("strictly increasing"), rungs.getMessage());
    IllegalArgumentException keep = assertThrows(IllegalArgumentException.class,
        () -> SweepFixtures.plan(dir, HALVING.replace("keep = 0.5", "keep = 1.5"), "unused"));
    assertTrue(keep.getMessage().contains("keep must be a fraction in (0, 1)"), keep.getMessage());
    IllegalArgumentException cycles = assertThrows(IllegalArgumentException.class,
        () -> SweepFixtures.plan(dir, HALVING.replace("keep = 0.5", "keep = 0.5, set { cycles = 2 }"),
            "unused"));
    assertTrue(cycles.getMessage().contains("remove cycles"), cycles.getMessage());
    IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
        () -> SweepFixtures.plan(dir, HALVING.replace("candidates {", "grid {"), "unused"));
    assertFalse(grid.getMessage().isEmpty());
  }
}
