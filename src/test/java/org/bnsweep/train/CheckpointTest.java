package org.bnsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.Network;
import org.bnsweep.nn.NetworkState;
import org.bnsweep.nn.Precision;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A trial continued from a checkpoint gives, bit for bit, the numbers of a run that never
 * stopped. The synthetic set has 40 batches per epoch: a step size of 100 ends every cycle at
 * an epoch's end, one of 90 in the middle of one (so the position in the epoch, its order and
 * the shuffling generator must all be restored). In every precision (double, single, and
 * single-all, whose upper layers multiply in float too), comparing the results and, bit for
 * bit, every array of the state (weights, biases, BN's gamma and beta and its moving averages)
 * with that of the run that never stopped.
 */
class CheckpointTest {
  private static final long SEED = 23;

  static TrialConfig config(int stepSize, int cycles) {
    return config(stepSize, cycles, Precision.DOUBLE);
  }

  static TrialConfig config(int stepSize, int cycles, Precision precision) {
    return TrainerTest.config(true, 0.1, precision).toBuilder()
        .set(Hyperparameters.STEP_SIZE, stepSize)
        .set(Hyperparameters.CYCLES, cycles)
        .build();
  }

  /**
   * Keeps the checkpoints it is given, bytes and back, as a store would, having checked that
   * the trip changed no bit of them.
   */
  static class Saving implements Trainer.Listener {
    final List<Checkpoint> saved = new ArrayList<>();
    final List<EpochRecord> points = new ArrayList<>();

    @Override
    public void evaluated(EpochRecord point) {
      points.add(point);
    }

    @Override
    public void cycleDone(Checkpoint checkpoint) {
      Checkpoint read = Checkpoint.fromBytes(checkpoint.toBytes(), "cycle " + checkpoint.cycles());
      assertSameState(checkpoint, read);
      saved.add(read);
    }
  }

  @ParameterizedTest(name = "step size {0}, {1} precision")
  @CsvSource({"100, DOUBLE", "90, DOUBLE", "100, SINGLE", "90, SINGLE", "100, SINGLE_ALL",
      "90, SINGLE_ALL"})
  void oneCycleThenTheSecondFromTheCheckpointEqualsTwoCyclesStraight(int stepSize,
      Precision precision) {
    CifarData data = TrainerTest.synthetic();
    // Three cycles, of which two are trained: a run stopped at cycle 2 leaves its checkpoint,
    // whose state the straight run's must equal. (A trial's last cycle leaves none.)
    TrialConfig config = config(stepSize, 3, precision);
    Saving straightCycles = new Saving();
    TrialResult straight = Trainer.train(config, SEED, data, 2, Optional.empty(),
        straightCycles);

    Saving first = new Saving();
    TrialResult rung = Trainer.train(config, SEED, data, 1, Optional.empty(), first);
    assertEquals(TrialStatus.STOPPED, rung.status());
    assertTrue(Double.isNaN(rung.testAccuracy()), "a stopped trial is not tested");
    assertEquals(1, first.saved.size());
    Checkpoint c = first.saved.get(0);
    assertEquals(1, c.cycles());
    assertEquals(2L * stepSize, c.updates());
    assertEquals(rung.valAccuracy(), c.valAccuracy());

    assertSameState(straightCycles.saved.get(0), c);

    Saving second = new Saving();
    TrialResult continued = Trainer.train(config, SEED, data, 2, Optional.of(c), second);
    assertSameNumbers(straight, continued);
    assertSameState(straightCycles.saved.get(1), second.saved.get(0));
  }

  @ParameterizedTest(name = "step size {0}, {1} precision")
  @CsvSource({"100, DOUBLE", "90, DOUBLE", "100, SINGLE", "90, SINGLE", "100, SINGLE_ALL",
      "90, SINGLE_ALL"})
  void aTrialKilledAfterItsSecondCycleResumesAtTheThird(int stepSize, Precision precision) {
    CifarData data = TrainerTest.synthetic();
    TrialConfig config = config(stepSize, 3, precision);
    Saving straightCycles = new Saving();
    TrialResult straight = Trainer.train(config, SEED, data, 3, Optional.empty(),
        straightCycles);

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
    assertSameState(straightCycles.saved.get(1), last);
  }

  /**
   * A network restored from a checkpoint holds, bit for bit, each of its arrays: a BN statistic
   * restored one unit in the last place off is washed out of the numbers by the cycle that
   * follows (the moving averages forget at 0.9 per update), so only this sees it.
   */
  @ParameterizedTest(name = "{0} precision")
  @EnumSource(Precision.class)
  void aRestoredNetworkHoldsEveryArrayOfItsCheckpoint(Precision precision) {
    TrialConfig config = config(90, 2, precision);
    Saving first = new Saving();
    Trainer.train(config, SEED, TrainerTest.synthetic(), 1, Optional.empty(), first);
    Checkpoint c = first.saved.get(0);
    Network fresh = Network.initialise(config.network(), 20, 10, new Random(SEED + 1));
    fresh.restore(c.network());
    assertSameArrays(c.network(), fresh.state(), "network restored from cycle 1");
  }

  /**
   * A checkpoint of another trial is refused, and so is one whose order of mini-batches its
   * seed does not draw (as a trial trained in a pack by an older bnsweep left): that one is
   * told apart (ownOrder) so a sweep can start the trial afresh.
   */
  @ParameterizedTest(name = "step size {0}")
  @ValueSource(ints = {90})
  void aCheckpointOfAnotherTrialOrOrderIsRefused(int stepSize) {
    CifarData data = TrainerTest.synthetic();
    Saving first = new Saving();
    Trainer.train(config(stepSize, 2), SEED, data, 1, Optional.empty(), first);
    Checkpoint c = first.saved.get(0);
    assertRefused(() -> Trainer.train(config(stepSize, 2), SEED + 1, data, 2, Optional.of(c),
        new Saving()), "another trial");

    assertTrue(c.ownOrder(), "the trial's own order");
    int[] other = c.order().clone();
    TrainingLoop.shuffle(other, new Random(5));
    Checkpoint packed = new Checkpoint(c.config(), c.seed(), c.cycles(), c.updates(),
        c.epochsBegun(), c.position(), other, c.shuffler(), c.network(), c.eta(), c.curve(),
        c.trainingSeconds(), c.seconds());
    assertFalse(packed.ownOrder(), "another order");
    assertRefused(() -> Trainer.train(config(stepSize, 2), SEED, data, 2, Optional.of(packed),
        new Saving()), "trained in a pack");
  }

  private static void assertRefused(org.junit.jupiter.api.function.Executable e, String part) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
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

  /**
   * Every number of two checkpoints' states, bit for bit: each array of each layer (w, then b
   * or gamma, beta, moving mean, moving variance), where training stands (update, learning
   * rate, epoch, position, order) and the shuffling generator's next draws.
   */
  static void assertSameState(Checkpoint expected, Checkpoint actual) {
    String at = "checkpoint of cycle " + expected.cycles();
    assertEquals(expected.cycles(), actual.cycles(), at);
    assertSameArrays(expected.network(), actual.network(), at);
    assertEquals(expected.updates(), actual.updates(), at);
    assertEquals(Double.doubleToRawLongBits(expected.eta()),
        Double.doubleToRawLongBits(actual.eta()), at);
    assertEquals(expected.epochsBegun(), actual.epochsBegun(), at);
    assertEquals(expected.position(), actual.position(), at);
    assertArrayEquals(expected.order(), actual.order(), at);
    Random r1 = Checkpoint.copy(expected.shuffler());
    Random r2 = Checkpoint.copy(actual.shuffler());
    for (int i = 0; i < 4; i++) {
      assertEquals(r1.nextLong(), r2.nextLong(), at + ", shuffling generator");
    }
  }

  /** Every array of every layer, bit for bit, and whether the moving averages have started. */
  static void assertSameArrays(NetworkState e, NetworkState a, String at) {
    assertEquals(e.movingAveragesStarted(), a.movingAveragesStarted(), at);
    assertEquals(e.layers().size(), a.layers().size(), at);
    for (int l = 0; l < e.layers().size(); l++) {
      assertEquals(e.layers().get(l).length, a.layers().get(l).length, at + ", layer " + l);
      for (int i = 0; i < e.layers().get(l).length; i++) {
        assertArrayEquals(bits(e.layers().get(l)[i]), bits(a.layers().get(l)[i]),
            at + ", layer " + (l + 1) + ", array " + i);
      }
    }
  }

  private static long[] bits(double[] values) {
    long[] bits = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Double.doubleToRawLongBits(values[i]);
    }
    return bits;
  }

  private static List<EpochRecord> withoutSeconds(List<EpochRecord> curve) {
    return curve.stream().map(e -> new EpochRecord(e.epoch(), e.updates(), e.eta(),
        e.trainLoss(), e.trainCost(), e.trainAccuracy(), e.valLoss(), e.valCost(),
        e.valAccuracy(), 0)).toList();
  }
}
