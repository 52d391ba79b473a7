package org.bnsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import org.bnsweep.Fixtures;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.Precision;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Augmentation and dropout in training (issue 20) on 1,000 real CIFAR-10 images: they change the
 * numbers, yet a trial stays reproducible bit for bit, also when continued from a checkpoint
 * taken mid-epoch (their draws are functions of the seed, the epoch or update and the image).
 */
class RegularisationTest {
  private static CifarData data;

  @BeforeAll
  static void load() {
    assumeTrue(Fixtures.cifarPresent(), "CIFAR-10 not found");
    data = Fixtures.smallCifar(1000);
  }

  /** The short default run of {@link DefaultNumbersTest}: 10 updates an epoch. */
  static TrialConfig regularised(boolean flip, int shift, double dropout) {
    return DefaultNumbersTest.shortDefault().toBuilder()
        .set(Hyperparameters.FLIP, flip)
        .set(Hyperparameters.SHIFT, shift)
        .set(Hyperparameters.DROPOUT, dropout)
        .build();
  }

  private static List<Double> losses(TrialResult r) {
    return r.curve().stream().map(EpochRecord::trainLoss).toList();
  }

  @Test
  void eachOfFlipShiftAndDropoutChangesTheNumbers() {
    List<Double> plain = losses(Trainer.train(regularised(false, 0, 0), 7, data));
    assertEquals(plain, losses(Trainer.train(DefaultNumbersTest.shortDefault(), 7, data)));
    assertNotEquals(plain, losses(Trainer.train(regularised(true, 0, 0), 7, data)));
    assertNotEquals(plain, losses(Trainer.train(regularised(false, 2, 0), 7, data)));
    assertNotEquals(plain, losses(Trainer.train(regularised(false, 0, 0.2), 7, data)));
  }

  @Test
  void aRegularisedTrialIsReproducibleAndContinuesFromAMidEpochCheckpointBitForBit() {
    // A cycle of 26 updates: cycle 1 ends 6 batches into epoch 3.
    TrialConfig config = regularised(true, 3, 0.3).toBuilder()
        .set(Hyperparameters.PRECISION, Precision.DOUBLE)
        .set(Hyperparameters.STEP_SIZE, 13).build();
    TrialResult straight = Trainer.train(config, 7, data);
    CheckpointTest.assertSameNumbers(straight, Trainer.train(config, 7, data));

    CheckpointTest.Saving first = new CheckpointTest.Saving();
    Trainer.train(config, 7, data, 1, Optional.empty(), first);
    Checkpoint c = first.saved.get(0);
    assertEquals(6, c.position(), "the cycle ends mid-epoch");
    TrialResult continued = Trainer.train(config, 7, data, 2, Optional.of(c),
        new CheckpointTest.Saving());
    CheckpointTest.assertSameNumbers(straight, continued);
  }

  @Test
  void augmentingImagesThatAreNotCifarImagesIsAOneLineError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.train(TrainerTest.config(true, 0.1, Precision.SINGLE)
            .with(Hyperparameters.FLIP, true), 1, TrainerTest.synthetic()));
    assertTrue(e.getMessage().contains("have 20; turn them off"), e.getMessage());
  }
}
