package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.UsesCifar10;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer that does no arithmetic stands in for training through the sweep's listener: every
 * row of a sweep run with it holds the accuracy it made up, which training would not give.
 */
@UsesCifar10
class NoArithmeticTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = Fixtures.sparkSession("local[2]");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

  static String grid(int trials) {
    return """
        bnsweep {
          data { training-size = 1000, validation-size = 300, test-size = 300 }
          training { step-size = 5, cycles = 1 }
          sweep {
            name = scale
            stages = [
              { name = grid, type = grid,
                grid { lambda = { from = 1e-6, to = 1e-1, count = %d } } }
            ]
          }
        }
        """.formatted(trials);
  }

  @Test
  void everyRowIsTheMadeUpOne(@TempDir Path dir) throws Exception {
    SweepPlan plan = SweepFixtures.plan(dir, grid(40), dir.resolve("results").toString());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SweepRunner.Summary s = new SweepRunner(spark.sparkContext(), plan, new PrintStream(console, true),
        new NoArithmetic(0)).run();
    assertEquals(40, s.trained(), console.toString());
    List<Row> rows = spark.read().parquet(dir.resolve("results").toString())
        .select("trial_id", "val_accuracy").collectAsList();
    assertEquals(40, rows.size());
    for (Row r : rows) {
      assertEquals(NoArithmetic.accuracy(r.getString(0)), r.getDouble(1), 0.0, r.getString(0));
    }
  }
}
