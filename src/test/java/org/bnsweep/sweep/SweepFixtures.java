package org.bnsweep.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.config.Settings;

/** Small sweeps on a CIFAR-10 subset, and Spark sessions for tests. */
final class SweepFixtures {
  private SweepFixtures() {}

  /**
   * A two-stage sweep on 1,000 training images, 10 updates per trial: a grid of lambda x batch
   * norm (4 trials), then a refinement of lambda around the best (3 values, one of which is the
   * best itself, so 2 new trials): 6 distinct trials.
   */
  static final String TWO_STAGES =
      """
      bnsweep {
        data { training-size = 1000, validation-size = 300, test-size = 300 }
        training { step-size = 5, cycles = 1 }
        sweep {
          name = two-stage
          stages = [
            { name = coarse, type = grid, grid { lambda = [1e-1, 1e-3], batch-norm = [true, false] } }
            { name = fine, type = refine, of = coarse, top = 1
              grid { lambda = { around = best, from = 0.5, to = 2, count = 3 } } }
          ]
        }
      }
      """;

  static SweepPlan plan(Path dir, String hocon, String results, String... overrides)
      throws IOException {
    Path file = dir.resolve("sweep-" + System.nanoTime() + ".conf");
    Files.writeString(file, hocon);
    List<String> sets = new ArrayList<>(List.of("data.dir=\"" + Fixtures.cifarDir() + "\""));
    sets.addAll(List.of(overrides));
    return SweepPlan.fromSettings(Settings.load(file, sets, SweepPlan.OPEN_SECTIONS))
        .withResults(results);
  }

  /** Runs {@code plan} on {@code spark}, its console lines into {@code console}. */
  static SweepRunner.Summary run(SparkSession spark, SweepPlan plan,
      java.io.ByteArrayOutputStream console) {
    return new SweepRunner(spark.sparkContext(), plan, new java.io.PrintStream(console, true)).run();
  }
}
