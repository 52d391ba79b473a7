package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
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
 * pass each trial still missing gets a failed row ({@code DriverRows.failed}).
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
