package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20's hyperparameters in sweeps: stage axes, trial ids, the memory check. */
class RegularisationPlanTest {
  @TempDir Path dir;

  @Test
  void flipShiftAndDropoutAreStageAxesAndTheirDefaultsKeepTheOldIds() throws Exception {
    SweepPlan p = SweepFixtures.plan(dir, """
        bnsweep {
          data { training-size = 49000, validation-size = 1000 }
          network { hidden = [1000, 500, 250] }
          sweep { name = regularised, stages = [
            { name = grid, type = grid,
              grid { dropout = [0, 0.3], flip = [false, true], shift = [0, 2] } } ] }
        }
        """, dir.resolve("t").toString());
    List<TrialConfig> trials = p.planned().get("grid");
    assertEquals(8, trials.size());
    assertEquals(8, trials.stream().map(t -> TrialIds.id(t, p.seed())).distinct().count());
    TrialConfig off = trials.get(0);
    assertEquals(0.0, off.get(Hyperparameters.DROPOUT));
    assertEquals(false, off.get(Hyperparameters.FLIP));
    assertEquals(0, off.get(Hyperparameters.SHIFT));
    // The trial with every new parameter off hashes the text it hashed before they existed.
    String canonical = TrialIds.canonical(off, p.seed());
    assertTrue(!canonical.contains("dropout") && !canonical.contains("flip")
        && !canonical.contains("shift"), canonical);
    String on = TrialIds.canonical(trials.get(7), p.seed());
    assertTrue(on.contains("dropout=") && on.contains("flip=true") && on.contains("shift=2"),
        on);
    // The split of the course's bonus part, and a wide network, within the memory check.
    assertEquals(49_000, off.get(Hyperparameters.TRAINING_SIZE));
    p.checkMemory(8L << 30, 2, "spark.executor.memory", "--executor-memory");
  }
}
