package org.bnsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bnsweep.Fixtures;
import org.bnsweep.config.Settings;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.ImageSet;
import org.bnsweep.nn.Precision;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.Test;

class TrainerTest {

  /**
   * A learnable synthetic problem of 20 dimensions: 2,000 training, 500 validation and 500 test
   * images, three disjoint draws from the same class means.
   */
  static CifarData synthetic() {
    ImageSet[] sets = Fixtures.separableSets(20, 1, 2000, 500, 500);
    return new CifarData(sets[0], sets[1], sets[2]);
  }

  /** A 3-layer network on {@link #synthetic()}: 100 updates per half cycle, one cycle. */
  static TrialConfig config(boolean bn, double etaMax, Precision precision) {
    return Settings.defaults().trial().toBuilder()
        .set(Hyperparameters.HIDDEN, List.of(30, 20))
        .set(Hyperparameters.BATCH_NORM, bn)
        .set(Hyperparameters.LAMBDA, 0.001)
        .set(Hyperparameters.BATCH_SIZE, 50)
        .set(Hyperparameters.ETA_MAX, etaMax)
        .set(Hyperparameters.STEP_SIZE, 100)
        .set(Hyperparameters.CYCLES, 1)
        .set(Hyperparameters.PRECISION, precision)
        .set(Hyperparameters.TRAINING_SIZE, 2000)
        .set(Hyperparameters.VALIDATION_SIZE, 500)
        .set(Hyperparameters.TEST_SIZE, 500)
        .build();
  }

  @Test
  void lossFallsAndAccuracyBeatsChance() {
    TrialResult r = Trainer.train(config(true, 0.1, Precision.SINGLE), 17, synthetic());
    assertEquals(TrialStatus.OK, r.status());
    assertEquals(200, r.updates());
    List<EpochRecord> curve = r.curve();
    assertEquals(5, curve.size()); // 200 updates of 40 per epoch
    assertTrue(curve.get(4).trainLoss() < curve.get(0).trainLoss(), curve.toString());
    assertTrue(r.valAccuracy() > 0.5, "validation accuracy " + r.valAccuracy());
  }

  /**
   * training.precision = single-all trains as single does, to about the same accuracy, with
   * numbers of its own (its upper layers' products are rounded to float).
   */
  @Test
  void singleAllTrainsLikeSingleWithNumbersOfItsOwn() {
    TrialResult single = Trainer.train(config(true, 0.1, Precision.SINGLE), 17, synthetic());
    TrialResult all = Trainer.train(config(true, 0.1, Precision.SINGLE_ALL), 17, synthetic());
    assertEquals(TrialStatus.OK, all.status());
    assertTrue(all.valAccuracy() > 0.5, "validation accuracy " + all.valAccuracy());
    assertEquals(single.valAccuracy(), all.valAccuracy(), 0.05);
    assertTrue(all.trainLoss() != single.trainLoss(), "single-all trained as single did");
  }

  @Test
  void sameConfigAndSeedGiveTheSameNumbersBitForBit() {
    TrialResult a = Trainer.train(config(true, 0.1, Precision.DOUBLE), 17, synthetic());
    TrialResult b = Trainer.train(config(true, 0.1, Precision.DOUBLE), 17, synthetic());
    assertEquals(a.curve().stream().map(EpochRecord::trainLoss).toList(),
        b.curve().stream().map(EpochRecord::trainLoss).toList());
    assertEquals(a.testAccuracy(), b.testAccuracy());
    TrialResult c = Trainer.train(config(true, 0.1, Precision.DOUBLE), 18, synthetic());
    assertTrue(c.trainLoss() != a.trainLoss(), "another seed gives another run");
  }

  @Test
  void anExplodingLearningRateIsReportedAsDiverged() {
    TrialResult r = Trainer.train(config(false, 1e6, Precision.SINGLE), 17, synthetic());
    assertEquals(TrialStatus.DIVERGED, r.status());
    assertTrue(r.error().contains("NaN or infinite"), r.error());
    assertTrue(Double.isNaN(r.testAccuracy()));
  }

  @Test
  void batchLargerThanTheTrainingSetIsRejected() {
    // The config allows 5,000 (its training-size says 45,000); the data has 2,000 images.
    TrialConfig big = config(true, 0.1, Precision.SINGLE).toBuilder()
        .set(Hyperparameters.TRAINING_SIZE, 45_000).set(Hyperparameters.BATCH_SIZE, 5000)
        .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Trainer.train(big, 17, synthetic()));
    assertTrue(e.getMessage().contains("training.batch-size 5000"), e.getMessage());
  }

  @Test
  void cyclicalRateClimbsThenFalls() {
    CyclicalLearningRate eta = new CyclicalLearningRate(1e-5, 1e-1, 500);
    assertEquals(1e-5, eta.at(0), 1e-15);
    assertEquals(1e-1, eta.at(500), 1e-15);
    assertEquals(1e-5, eta.at(1000), 1e-15);
    assertEquals((1e-5 + 1e-1) / 2, eta.at(250), 1e-12);
    assertEquals((1e-5 + 1e-1) / 2, eta.at(1750), 1e-12);
  }

  @Test
  void aTrialConfigNamesBadValues() {
    TrialConfig c = config(true, 0.1, Precision.SINGLE);
    assertMessage(() -> c.with(Hyperparameters.LAMBDA, -0.1),
        "training.lambda must be >= 0, got -0.1");
    assertMessage(() -> c.toBuilder().set(Hyperparameters.ETA_MIN, 0.2).build(),
        "training.eta-min must be <= training.eta-max");
    assertMessage(() -> c.with(Hyperparameters.HIDDEN, List.of()), "network.hidden");
    assertMessage(() -> c.with(Hyperparameters.HIDDEN, List.of(50, 0)),
        "network.hidden must list at least one hidden width, each >= 1");
    assertMessage(() -> c.with(Hyperparameters.BATCH_SIZE, 3000),
        "training.batch-size 3000 is larger than the 2000 training images");
  }

  @Test
  void autoStepSizeIsResolvedWhenTheConfigIsBuilt() {
    TrialConfig c = config(true, 0.1, Precision.SINGLE).toBuilder()
        .auto(Hyperparameters.STEP_SIZE).build();
    assertEquals(200, c.get(Hyperparameters.STEP_SIZE)); // 5 epochs of 2,000 / 50
    assertEquals(config(true, 0.1, Precision.SINGLE).with(Hyperparameters.STEP_SIZE, 200), c);
  }

  @Test
  void theBenchmarkRunsTheTrainersLoop() {
    TrialConfig c = config(true, 0.1, Precision.SINGLE);
    Benchmark.Result r = Benchmark.run(c, 17, synthetic().training(), 2);
    assertEquals(40, r.updatesPerEpoch());
    assertEquals(2, r.epochSeconds().length);
    assertTrue(r.flopsPerEpoch() > 0);
  }

  @Test
  void anInterruptedTrialStopsWithinOneBatch() throws Exception {
    // What a cancelled Spark task sees: its thread is interrupted; the trial must not go on.
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = new Thread(() -> {
      Thread.currentThread().interrupt();
      try {
        Trainer.train(config(true, 0.1, Precision.SINGLE), 17, synthetic());
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    t.join(60_000);
    assertTrue(thrown.get() instanceof java.util.concurrent.CancellationException,
        String.valueOf(thrown.get()));
    assertTrue(thrown.get().getMessage().contains("after 0 updates"), thrown.get().getMessage());
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
  }
}
