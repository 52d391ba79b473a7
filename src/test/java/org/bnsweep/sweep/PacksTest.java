package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bnsweep.config.Settings;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.results.StageType;
import org.junit.jupiter.api.Test;

/** Packs follow from the plan: its order, the pack size and what the trials share. */
class PacksTest {
  private static TrialTask task(TrialConfig c, long orderSeed) {
    String id = TrialIds.id(c, 1);
    return new TrialTask("s", "st", StageType.of("grid"), id, c, TrialIds.trainingSeed(1, id), orderSeed,
        false, null, c.get(Hyperparameters.CYCLES), null);
  }

  private static List<String> ids(List<TrialTask> pack) {
    return pack.stream().map(TrialTask::trialId).toList();
  }

  @Test
  void trialsThatDifferInScalarsPackInPlanOrderAndOtherShapesApart() {
    TrialConfig base = Settings.defaults().trial();
    List<TrialTask> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // lambda alternates with a wider network: two keys, interleaved in plan order
      tasks.add(task(base.with(Hyperparameters.LAMBDA, 0.001 * (i + 1)), 7));
      tasks.add(task(base.with(Hyperparameters.LAMBDA, 0.001 * (i + 1))
          .with(Hyperparameters.HIDDEN, List.of(60, 50)), 7));
    }
    tasks.add(task(base.with(Hyperparameters.BATCH_SIZE, 50), 7));
    List<List<TrialTask>> packs = Packs.of(tasks, 2);
    List<List<String>> expected = List.of(
        List.of(tasks.get(0).trialId(), tasks.get(2).trialId()),
        List.of(tasks.get(1).trialId(), tasks.get(3).trialId()),
        List.of(tasks.get(4).trialId(), tasks.get(6).trialId()),
        List.of(tasks.get(5).trialId(), tasks.get(7).trialId()),
        List.of(tasks.get(8).trialId()),
        List.of(tasks.get(9).trialId()),
        List.of(tasks.get(10).trialId()));
    assertEquals(expected, packs.stream().map(PacksTest::ids).toList());
    assertEquals(tasks.size(), Packs.of(tasks, 1).size());
    assertEquals(3, Packs.of(tasks, 100).size());
  }

  @Test
  void anotherReplicateSeedIsAnotherPack() {
    TrialConfig base = Settings.defaults().trial();
    List<TrialTask> tasks = List.of(task(base, 7),
        task(base.with(Hyperparameters.SEED, 2L), 8),
        task(base.with(Hyperparameters.LAMBDA, 0.1), 7));
    List<List<TrialTask>> packs = Packs.of(tasks, 4);
    assertEquals(List.of(List.of(tasks.get(0).trialId(), tasks.get(2).trialId()),
        List.of(tasks.get(1).trialId())), packs.stream().map(PacksTest::ids).toList());
  }

  @Test
  void whatIsLeftToTrainKeepsItsPlannedPacks() {
    TrialConfig base = Settings.defaults().trial();
    List<TrialTask> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(task(base.with(Hyperparameters.LAMBDA, 0.001 * (i + 1)), 7));
    }
    List<List<TrialTask>> planned = Packs.of(tasks, 2);
    // trials 0, 1 and 3 have rows; 2 is a retry of a failed row
    List<TrialTask> todo = List.of(tasks.get(2).replacingFailed(true), tasks.get(4));
    List<List<TrialTask>> left = Packs.remaining(planned, todo);
    assertEquals(List.of(List.of(tasks.get(2).trialId()), List.of(tasks.get(4).trialId())),
        left.stream().map(PacksTest::ids).toList());
    assertTrue(left.get(0).get(0).replacesFailed(), "the todo form is kept");
  }
}
