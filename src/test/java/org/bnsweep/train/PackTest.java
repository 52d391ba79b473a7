package org.bnsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.Initialisation;
import org.bnsweep.nn.Precision;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pack trains each member as it would train alone on the same order of mini-batches, up to the
 * rounding of the stacked first-layer product; a member that diverges leaves without changing
 * the others; a pack continues from its members' checkpoints as if it had never stopped.
 *
 * <p>Tolerances: a member's first-layer products are computed inside one (K x 30)-row GEMM
 * instead of a 30-row one, and BLAS may block and vectorise the two differently, so single
 * precision results can differ in their last bits (about 1e-7 relative per product). Over 200
 * updates such differences stay far below 1e-4 relative in the loss; an accuracy on 500
 * validation images moves in steps of 0.002, so "within 1e-3" means the same count of images.
 */
class PackTest {
  private static final long ORDER = 99;

  /** Members that differ only in what packs allow: lambda, eta, normalisation, init. */
  static List<TrialConfig> members(Precision precision) {
    TrialConfig base = TrainerTest.config(true, 0.1, precision);
    return List.of(base,
        base.with(Hyperparameters.LAMBDA, 0.01).with(Hyperparameters.ETA_MAX, 0.05),
        base.with(Hyperparameters.BATCH_NORM, false)
            .with(Hyperparameters.INIT, Initialisation.gaussian(0.05)));
  }

  static List<TrialResult> pack(List<TrialConfig> configs, CifarData data) {
    List<Trainer.Member> ms = new ArrayList<>();
    for (int k = 0; k < configs.size(); k++) {
      ms.add(new Trainer.Member(configs.get(k), 17 + k, Optional.empty(),
          new Trainer.Listener() {}));
    }
    return Trainer.trainPack(ms, ORDER, data, configs.get(0).get(Hyperparameters.CYCLES));
  }

  static TrialResult alone(TrialConfig config, long seed, CifarData data) {
    return Trainer.trainPack(List.of(new Trainer.Member(config, seed, Optional.empty(),
        new Trainer.Listener() {})), ORDER, data, config.get(Hyperparameters.CYCLES)).get(0);
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void aPackedTrialGivesTheNumbersItGivesAloneOnTheSameOrder(Precision precision) {
    CifarData data = TrainerTest.synthetic();
    List<TrialConfig> configs = members(precision);
    List<TrialResult> packed = pack(configs, data);
    for (int k = 0; k < configs.size(); k++) {
      TrialResult a = alone(configs.get(k), 17 + k, data);
      TrialResult p = packed.get(k);
      assertEquals(TrialStatus.OK, p.status());
      assertEquals(a.updates(), p.updates());
      assertEquals(a.curve().size(), p.curve().size());
      assertEquals(a.valAccuracy(), p.valAccuracy(), 1e-3, "member " + k);
      assertEquals(a.trainLoss(), p.trainLoss(), 1e-4 * a.trainLoss(), "member " + k);
      assertEquals(a.testAccuracy(), p.testAccuracy(), 1e-3, "member " + k);
    }
    // The members are different trials, not copies of one.
    assertTrue(packed.get(0).trainLoss() != packed.get(1).trainLoss());
    assertTrue(packed.get(0).trainLoss() != packed.get(2).trainLoss());
  }

  @Test
  void theOrderSeedAloneDecidesTheMiniBatches() {
    CifarData data = TrainerTest.synthetic();
    TrialConfig c = TrainerTest.config(true, 0.1, Precision.DOUBLE);
    TrialResult ownOrder = Trainer.train(c, 17, data);
    TrialResult sharedOrder = alone(c, 17, data);
    assertTrue(ownOrder.trainLoss() != sharedOrder.trainLoss(),
        "another order seed gives other mini-batches");
    TrialResult sameAsOwn = Trainer.trainPack(List.of(new Trainer.Member(c, 17,
        Optional.empty(), new Trainer.Listener() {})), 17, data, 1).get(0);
    CheckpointTest.assertSameNumbers(ownOrder, sameAsOwn);
  }

  @Test
  void aDivergingMemberLeavesAndTheOthersGoOnUnchanged() {
    CifarData data = TrainerTest.synthetic();
    TrialConfig good = TrainerTest.config(true, 0.1, Precision.SINGLE);
    TrialConfig exploding = TrainerTest.config(false, 1e6, Precision.SINGLE);
    List<TrialResult> packed = pack(List.of(exploding, good), data);
    assertEquals(TrialStatus.DIVERGED, packed.get(0).status());
    assertTrue(packed.get(0).updates() < packed.get(1).updates(), "it left early");
    TrialResult a = alone(good, 18, data);
    TrialResult p = packed.get(1);
    assertEquals(TrialStatus.OK, p.status());
    assertEquals(a.updates(), p.updates());
    assertEquals(a.valAccuracy(), p.valAccuracy(), 1e-3);
    assertEquals(a.trainLoss(), p.trainLoss(), 1e-4 * a.trainLoss());
  }

  @Test
  void aPackContinuedFromItsCheckpointsEqualsOneThatNeverStopped() {
    CifarData data = TrainerTest.synthetic();
    List<TrialConfig> configs = members(Precision.SINGLE).stream()
        .map(c -> c.with(Hyperparameters.CYCLES, 2).with(Hyperparameters.STEP_SIZE, 60))
        .toList();
    List<TrialResult> straight = pack(configs, data);
    List<CheckpointTest.Saving> savers = new ArrayList<>();
    List<Trainer.Member> first = new ArrayList<>();
    for (int k = 0; k < configs.size(); k++) {
      savers.add(new CheckpointTest.Saving());
      first.add(new Trainer.Member(configs.get(k), 17 + k, Optional.empty(), savers.get(k)));
    }
    List<TrialResult> stopped = Trainer.trainPack(first, ORDER, data, 1);
    assertTrue(stopped.stream().allMatch(r -> r.status() == TrialStatus.STOPPED));
    List<Trainer.Member> rest = new ArrayList<>();
    for (int k = 0; k < configs.size(); k++) {
      Checkpoint c = savers.get(k).saved.get(0);
      assertEquals(ORDER, c.orderSeed());
      rest.add(new Trainer.Member(configs.get(k), 17 + k, Optional.of(c),
          new CheckpointTest.Saving()));
    }
    List<TrialResult> continued = Trainer.trainPack(rest, ORDER, data, 2);
    for (int k = 0; k < configs.size(); k++) {
      CheckpointTest.assertSameNumbers(straight.get(k), continued.get(k));
    }
  }

  @Test
  void trialsOfAnotherBatchSizeCannotShareAPack() {
    CifarData data = TrainerTest.synthetic();
    TrialConfig c = TrainerTest.config(true, 0.1, Precision.SINGLE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pack(List.of(c, c.with(Hyperparameters.BATCH_SIZE, 40)), data));
    assertTrue(e.getMessage().contains("must share batch-size"), e.getMessage());
  }
}
