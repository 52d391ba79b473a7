package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bnsweep.nn.Initialisation;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning without Spark: what the driver checks and plans before anything trains. */
class PlanTest {
  @TempDir Path dir;

  private static String sweep(String stages) {
    return """
        bnsweep {
          data { training-size = 2000, validation-size = 300, test-size = 300 }
          training { cycles = 1 }
          sweep { name = plan-test, stages = [ %s ] }
        }
        """.formatted(stages);
  }

  private SweepPlan plan(String stages) throws Exception {
    return SweepFixtures.plan(dir, sweep(stages), dir.resolve("t").toString());
  }

  /** The joint search of issue 13: sigma refined although the base config uses He. */
  @Test
  void lambdaAndSigmaAreRefinedTogetherAroundEachChosenTrial() throws Exception {
    SweepPlan p = plan("""
        { name = coarse, type = grid, grid { lambda = [1e-1, 1e-3], sigma = [1e-1, 1e-3] } }
        { name = fine, type = refine, of = coarse, top = 1
          grid { lambda = { around = best, from = 0.5, to = 2, count = 2 },
                 sigma  = { around = best, from = 0.5, to = 2, count = 2 } } }
        """);
    Stage coarse = p.stages().get(0);
    List<TrialConfig> grid = coarse.plan(List.of(p.base()), p.seed());
    assertEquals(4, grid.size());
    TrialConfig best = grid.get(3); // sigma 1e-3, lambda 1e-3 (axes in declaration order)
    List<TrialConfig> fine = p.stages().get(1)
        .plan(List.of(Stage.Base.of(best, "trial x of stage coarse")), p.seed());
    assertEquals(4, fine.size());
    assertEquals(Set.of(Initialisation.gaussian(0.5e-3), Initialisation.gaussian(2e-3)),
        Set.copyOf(fine.stream().map(t -> t.get(Hyperparameters.INIT)).toList()));
    assertEquals(Set.of(0.5e-3, 2e-3),
        Set.copyOf(fine.stream().map(t -> t.get(Hyperparameters.LAMBDA)).toList()));
  }

  @Test
  void refiningSigmaOfAHeTrialIsAPlanErrorNamingTheStageAndTheTrial() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan("""
        { name = coarse, type = grid, grid { lambda = [1e-1, 1e-3] } }
        { name = fine, type = refine, of = coarse, top = 1
          grid { sigma = { around = best, from = 0.5, to = 2, count = 2 } } }
        """));
    assertTrue(e.getMessage().startsWith("stage fine, grid sigma"), e.getMessage());
    assertTrue(e.getMessage().contains("of stage coarse has init = he, which has no sigma"),
        e.getMessage());
  }

  @Test
  void stepSizeAutoIsAnAxisValueAndEqualTrialsArePlannedOnce() throws Exception {
    // 2,000 images in batches of 100: auto is 5 epochs = 100 updates, the same trial as 100.
    SweepPlan p = plan("{ name = steps, type = grid, grid { step-size = [auto, 100, 50] } }");
    List<TrialConfig> trials = p.stages().get(0).plan(List.of(p.base()), p.seed());
    assertEquals(List.of(100, 50),
        trials.stream().map(t -> t.get(Hyperparameters.STEP_SIZE)).toList());
  }

  @Test
  void rangesThatWouldHangOrBeIgnoredAreErrors() {
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> plan(
        "{ name = c, type = grid, grid { lambda = { from = 1e-9, to = 1, count = 1e10 } } }"));
    assertTrue(count.getMessage().contains("count must be a whole number from 1 to 10000"),
        count.getMessage());
    IllegalArgumentException random = assertThrows(IllegalArgumentException.class, () -> plan(
        "{ name = c, type = grid, grid { lambda = { from = 1e-9, to = 1, count = 3,"
            + " random = \"true\" } } }"));
    assertTrue(random.getMessage().contains("random must be true or false"),
        random.getMessage());
  }

  @Test
  void theSweepSeedDecidesTheIds() throws Exception {
    SweepPlan p = plan("{ name = c, type = grid, grid { lambda = [1e-3] } }");
    TrialConfig t = p.stages().get(0).plan(List.of(p.base()), p.seed()).get(0);
    assertTrue(!TrialIds.id(t, 1).equals(TrialIds.id(t, 2)));
  }
}
