package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.bnsweep.config.Settings;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.Setting;
import org.bnsweep.params.TrialConfig;
import org.junit.jupiter.api.Test;

/** The asynchronous halving scheduler without Spark or training (see {@link FakeStage}). */
class AsyncHalvingTest {
  private static final long SEED = 7;
  /** Six trials by lambda, and their validation accuracy at every rung (plus 1e-3 a cycle). */
  private static final Map<Double, Double> SCORE = Map.of(1e-1, 0.30, 1e-2, 0.50, 1e-3, 0.40,
      1e-4, 0.20, 1e-5, 0.60, 1e-6, 0.10);
  private static final List<Double> LAMBDAS = List.of(1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6);

  private static Stage gridUnderAsha(List<Integer> rungs, int eta, int trials) {
    List<Setting<?>> values = LAMBDAS.stream()
        .<Setting<?>>map(l -> Setting.of(Hyperparameters.LAMBDA, l)).toList();
    Axis lambda = new Axis(Hyperparameters.LAMBDA, "lambda", new Distribution.Choices(values),
        "test");
    return new Stage("s", new GridSampler(List.of(lambda)), new Scheduler.Asha(rungs, eta,
        new Scheduler.Budget(OptionalInt.of(trials), OptionalDouble.empty())), List.of());
  }

  static Stage.Base base() {
    return new Stage.Base(Settings.load(null, List.of(), Set.of()).trialSettings(), null, "base");
  }

  private static AsyncHalving scheduler(Stage stage, FakeStage fake, int slots,
      Map<String, TrialConfig> byId) {
    return new AsyncHalving(stage, List.of(base()), SEED, fake, fake, slots, c -> {
      String id = TrialIds.id(c, SEED);
      byId.put(id, c);
      return TrialTask.whole("sweep", stage, id, c, 1);
    }, new PrintStream(new ByteArrayOutputStream()));
  }

  /** "lambda@rung" for each decision, in order. */
  private static List<String> decisions(FakeStage fake, Map<String, TrialConfig> byId) {
    return fake.decisions.stream().map(d -> byId.get(d.trialId()).get(Hyperparameters.LAMBDA)
        + "@" + d.rung()).toList();
  }

  @Test
  void promotesAsAshasAlgorithmOnAScriptedOrderOfCompletions() {
    // One slot: every segment ends before the next decision. Li et al. 2020, Algorithm 2, with
    // eta = 2 and rungs of 1, 2 and 3 cycles, worked by hand: a rung's top floor(n / 2) not yet
    // promoted go on, the highest rung first; else a new trial of the grid, in order.
    Stage stage = gridUnderAsha(List.of(1, 2, 3), 2, 6);
    FakeStage fake = new FakeStage(c -> SCORE.get(c.get(Hyperparameters.LAMBDA)));
    Map<String, TrialConfig> byId = new HashMap<>();
    scheduler(stage, fake, 1, byId).run();
    assertEquals(List.of("0.1@0", "0.01@0", "0.01@1", "0.001@0", "1.0E-4@0", "0.001@1",
        "0.01@2", "1.0E-5@0", "1.0E-5@1", "1.0E-5@2", "1.0E-6@0"), decisions(fake, byId));
    // Those paused below the last rung when the budget ends get stopped rows, at their rung.
    assertEquals(Set.of("0.1@0", "0.001@1", "1.0E-4@0", "1.0E-6@0"), Set.copyOf(
        fake.stopped.stream().map(k -> byId.get(k.split("@")[0]).get(Hyperparameters.LAMBDA)
            + "@" + k.split("@")[1]).toList()));
  }

  @Test
  void promotesFromTheHighestRungFirstWhenTwoRungsHaveACandidate() {
    // The facts a driver killed mid-stage left: six trials through rung 0, two of them through
    // rung 1. Rung 1's top floor(2 / 2) = {0.01} and rung 0's top floor(6 / 2) = {1e-5, 0.01,
    // 0.001} each hold a trial not yet sent on: ASHA takes the higher rung's first.
    Stage stage = gridUnderAsha(List.of(1, 2, 3), 2, 6);
    FakeStage fake = new FakeStage(c -> SCORE.get(c.get(Hyperparameters.LAMBDA)));
    Map<String, TrialConfig> byId = new HashMap<>();
    int order = 0;
    for (String done : List.of("0.1@0", "0.01@0", "0.01@1", "0.001@0", "1.0E-4@0", "0.001@1",
        "1.0E-5@0", "1.0E-6@0")) {
      double lambda = Double.parseDouble(done.split("@")[0]);
      int rung = Integer.parseInt(done.split("@")[1]);
      TrialConfig c = stage.config(base(), List.of(Setting.of(Hyperparameters.LAMBDA, lambda)));
      String id = TrialIds.id(c, SEED);
      byId.put(id, c);
      fake.decisions.add(new StageFacts.Decision(order++, id, rung, c));
      fake.reached.put(id + "@" + rung, new Segment(org.bnsweep.params.TrialStatus.STOPPED,
          SCORE.get(lambda) + (rung + 1) * 1e-3, rung + 1, false, 0));
    }
    scheduler(stage, fake, 1, byId).run();
    assertEquals("0.01@2", decisions(fake, byId).get(8), "the first decision after the restart");
  }

  @Test
  void aDriverKilledMidStageContinuesItAndTrainsNothingTwice() {
    Stage stage = gridUnderAsha(List.of(1, 2, 3), 2, 6);
    Map<String, TrialConfig> byId = new HashMap<>();
    FakeStage whole = new FakeStage(c -> SCORE.get(c.get(Hyperparameters.LAMBDA)));
    scheduler(stage, whole, 1, byId).run();

    FakeStage killed = new FakeStage(c -> SCORE.get(c.get(Hyperparameters.LAMBDA)));
    killed.dieAt = 6;
    assertThrows(IllegalStateException.class, () -> scheduler(stage, killed, 1, byId).run());
    // The state the kill left: five segments trained, a sixth decided but not trained.
    assertEquals(5, killed.trained.size());
    assertEquals(6, killed.decisions.size());
    scheduler(stage, killed, 1, byId).run();

    Set<String> once = new HashSet<>(killed.trained);
    assertEquals(killed.trained.size(), once.size(), "a segment trained twice: " + killed.trained);
    assertEquals(whole.trained, killed.trained, "the same segments, in the same order");
    assertEquals(decisions(whole, byId), decisions(killed, byId));
  }

  @Test
  void twoSlotsRunTheStageToItsBudgetOfTrials() {
    Stage stage = gridUnderAsha(List.of(1, 3), 3, 4);
    FakeStage fake = new FakeStage(c -> SCORE.get(c.get(Hyperparameters.LAMBDA)));
    AsyncHalving.Result r = scheduler(stage, fake, 2, new HashMap<>()).run();
    assertEquals(4, r.trialIds().size(), "the budget of 4 of the grid's 6 trials");
    assertTrue(fake.trained.size() >= 5, "at least one promotion: " + fake.trained);
  }
}
