package org.bnsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bnsweep.Fixtures;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.ImageSet;
import org.bnsweep.nn.Initialisation;
import org.bnsweep.nn.NetworkConfig;
import org.junit.jupiter.api.Test;

class TrainerTest {

  /** A learnable synthetic problem: 20 dims, 2,000 training, 500 validation and test images. */
  static CifarData synthetic() {
    ImageSet all = Fixtures.separable(20, 3000, 1);
    ImageSet train = Fixtures.separable(20, 2000, 1);
    return new CifarData(train, all.head(500), all.head(500));
  }

  static TrialConfig config(boolean bn, double etaMax, String precision) {
    return new TrialConfig(new NetworkConfig(List.of(30, 20), bn, Initialisation.HE, 0.9, 1e-10),
        new TrainingConfig(0.001, 50, 1e-5, etaMax, 100, 1, precision), 17);
  }

  @Test
  void lossFallsAndAccuracyBeatsChance() {
    TrialResult r = Trainer.train(config(true, 0.1, "single"), synthetic());
    assertEquals(TrialStatus.OK, r.status());
    assertEquals(200, r.updates());
    List<EpochRecord> curve = r.curve();
    assertEquals(5, curve.size()); // 200 updates of 40 per epoch
    assertTrue(curve.get(4).trainLoss() < curve.get(0).trainLoss(), curve.toString());
    assertTrue(r.valAccuracy() > 0.5, "validation accuracy " + r.valAccuracy());
  }

  @Test
  void sameConfigAndSeedGiveTheSameNumbersBitForBit() {
    TrialResult a = Trainer.train(config(true, 0.1, "double"), synthetic());
    TrialResult b = Trainer.train(config(true, 0.1, "double"), synthetic());
    assertEquals(a.curve().stream().map(EpochRecord::trainLoss).toList(),
        b.curve().stream().map(EpochRecord::trainLoss).toList());
    assertEquals(a.testAccuracy(), b.testAccuracy());
    TrialResult c = Trainer.train(config(true, 0.1, "double").withSeed(18), synthetic());
    assertTrue(c.trainLoss() != a.trainLoss(), "another seed gives another run");
  }

  @Test
  void anExplodingLearningRateIsReportedAsDiverged() {
    TrialResult r = Trainer.train(config(false, 1e6, "single"), synthetic());
    assertEquals(TrialStatus.DIVERGED, r.status());
    assertTrue(r.error().contains("NaN or infinite"), r.error());
    assertTrue(Double.isNaN(r.testAccuracy()));
  }

  @Test
  void batchLargerThanTheTrainingSetIsRejected() {
    TrialConfig big = new TrialConfig(config(true, 0.1, "single").network(),
        new TrainingConfig(0.0, 5000, 1e-5, 0.1, 10, 1, "single"), 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Trainer.train(big, synthetic()));
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
  void trainingConfigNamesBadValues() {
    assertMessage(() -> new TrainingConfig(-0.1, 100, 1e-5, 0.1, 0, 2, "single"),
        "training.lambda must be >= 0, got -0.1");
    assertMessage(() -> new TrainingConfig(0.1, 100, 0.2, 0.1, 0, 2, "single"),
        "training.eta-min must be <= training.eta-max");
    assertMessage(() -> new TrainingConfig(0.1, 100, 1e-5, 0.1, 0, 2, "half"),
        "training.precision");
    assertMessage(() -> new NetworkConfig(List.of(), true, Initialisation.HE, 0.9, 1e-10),
        "network.hidden");
    assertMessage(() -> new NetworkConfig(List.of(50, 0), true, Initialisation.HE, 0.9, 1e-10),
        "network.hidden widths must be >= 1");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
  }
}
