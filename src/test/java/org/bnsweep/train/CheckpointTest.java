package org.bnsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A trial continued from a checkpoint gives, bit for bit, the numbers of a run that never
 * stopped. The synthetic set has 40 batches per epoch: a step size of 100 ends every cycle at
 * an epoch's end, one of 90 in the middle of one (so the position in the epoch, its order and
 * the shuffling generator must all be restored).
 */
class CheckpointTest {
  private static final long SEED = 23;

  static TrialConfig config(int stepSize, int cycles) {
    return TrainerTest.config(true, 0.1, Precision.DOUBLE).toBuilder()
        .set(Hyperparameters.STEP_SIZE, stepSize)
        .set(Hyperparameters.CYCLES, cycles)
        .build();
  }

  /** Keeps the checkpoints it is given, bytes and back, as a store would. */
  static class Saving implements Trainer.Listener {
    final List<Checkpoint> saved = new ArrayList<>();
    final List<EpochRecord> points = new ArrayList<>();

    @Override
    public void evaluated(EpochRecord point) {
      points.add(point);
    }

    @Override
    public void cycleDone(Checkpoint checkpoint) {
      saved.add(Checkpoint.fromBytes(checkpoint.toBytes(), "cycle " + checkpoint.cycles()));
    }
  }

  @ParameterizedTest(name = "step size {0}")
  @ValueSource(ints = {100, 90})
  void oneCycleThenTheSecondFromTheCheckpointEqualsTwoCyclesStraight(int stepSize) {
    CifarData data = TrainerTest.synthetic();
    TrialConfig config = config(stepSize, 2);
    TrialResult straight = Trainer.train(config, SEED, data);

    Saving first = new Saving();
    TrialResult rung = Trainer.train(config, SEED, data, 1, Optional.empty(), first);
    assertEquals(TrialStatus.STOPPED, rung.status());
    assertTrue(Double.isNaN(rung.testAccuracy()), "a stopped trial is not tested");
    assertEquals(1, first.saved.size());
    Checkpoint c = first.saved.get(0);
    assertEquals(1, c.cycles());
    assertEquals(2L * stepSize, c.updates());
    assertEquals(rung.valAccuracy(), c.valAccuracy());

    TrialResult continued = Trainer.train(config, SEED, data, 2, Optional.of(c), new Saving());
    assertSameNumbers(straight, continued);
  }

  @ParameterizedTest(name = "step size {0}")
  @ValueSource(ints = {100, 90})
  void aTrialKilledAfterItsSecondCycleResumesAtTheThird(int stepSize) {
    CifarData data = TrainerTest.synthetic();
    TrialConfig config = config(stepSize, 3);
    TrialResult straight = Trainer.train(config, SEED, data);

    Saving killed = new Saving() {
      @Override
      public void cycleDone(Checkpoint checkpoint) {
        super.cycleDone(checkpoint);
        if (checkpoint.cycles() == 2) {
          throw new IllegalStateException("executor lost");
        }
      }
    };
    assertThrows(IllegalStateException.class,
        () -> Trainer.train(config, SEED, data, 3, Optional.empty(), killed));
    Checkpoint last = killed.saved.get(killed.saved.size() - 1);
    assertEquals(2, last.cycles());

    Saving resumed = new Saving();
    TrialResult result = Trainer.train(config, SEED, data, 3, Optional.of(last), resumed);
    long cycle = 2L * stepSize;
    assertTrue(resumed.points.get(0).updates() > 2 * cycle,
        "the resumed run's first point is at update " + resumed.points.get(0).updates());
    assertEquals(3 * cycle, resumed.points.get(resumed.points.size() - 1).updates());
    assertTrue(resumed.points.size() < straight.curve().size() / 2,
        resumed.points.size() + " points evaluated of " + straight.curve().size());
    assertSameNumbers(straight, result);
  }

  @ParameterizedTest(name = "step size {0}")
  @ValueSource(ints = {90})
  void aCheckpointOfAnotherTrialIsRefused(int stepSize) {
    CifarData data = TrainerTest.synthetic();
    Saving first = new Saving();
    Trainer.train(config(stepSize, 2), SEED, data, 1, Optional.empty(), first);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.train(config(stepSize, 2), SEED + 1, data, 2,
            Optional.of(first.saved.get(0)), new Saving()));
    assertTrue(e.getMessage().contains("another trial"), e.getMessage());
  }

  /** Every number but the wall-clock seconds. */
  static void assertSameNumbers(TrialResult expected, TrialResult actual) {
    assertEquals(expected.status(), actual.status());
    assertEquals(withoutSeconds(expected.curve()), withoutSeconds(actual.curve()));
    assertEquals(expected.updates(), actual.updates());
    assertEquals(expected.valAccuracy(), actual.valAccuracy());
    assertEquals(expected.valCost(), actual.valCost());
    assertEquals(expected.trainCost(), actual.trainCost());
    assertEquals(expected.testAccuracy(), actual.testAccuracy());
  }

  private static List<EpochRecord> withoutSeconds(List<EpochRecord> curve) {
    return curve.stream().map(e -> new EpochRecord(e.epoch(), e.updates(), e.eta(),
        e.trainLoss(), e.trainCost(), e.trainAccuracy(), e.valLoss(), e.valCost(),
        e.valAccuracy(), 0)).toList();
  }
}
