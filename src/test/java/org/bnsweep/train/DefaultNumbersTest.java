package org.bnsweep.train;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bnsweep.Fixtures;
import org.bnsweep.config.Settings;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.Precision;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.junit.jupiter.api.Test;

/**
 * Short training runs at default settings on real CIFAR-10 give the numbers they gave before
 * the hyperparameters of issue 20 and the speed work, bit for bit: every number of every curve
 * point and the test accuracy, as hex bits. The pins in pins/default-numbers-KERNEL.txt were computed
 * on main before that change; regenerate them (-Dbnsweep.pins.write=true) only when a change is
 * meant to change the numbers. The runs cover both precisions, the default network and a
 * deeper one without batch normalisation.
 */
class DefaultNumbersTest {
  /**
   * The pins of the OpenBLAS kernel this JVM runs: kernels round products differently (Haswell's
   * and SkylakeX's differ in the last bits), so each has its own file, computed on main before
   * the change under test.
   */
  static Path pins() {
    String kernel = System.getenv().getOrDefault("OPENBLAS_CORETYPE", "chosen-by-openblas");
    return Path.of("src/test/resources/pins/default-numbers-" + kernel + ".txt");
  }

  /** Defaults but for a small split and 60 updates (3 epochs of 1,000 images at batch 100). */
  static TrialConfig shortDefault() {
    return Settings.defaults().trial().toBuilder()
        .set(Hyperparameters.TRAINING_SIZE, 1000)
        .set(Hyperparameters.VALIDATION_SIZE, 500)
        .set(Hyperparameters.TEST_SIZE, 1000)
        .set(Hyperparameters.STEP_SIZE, 15)
        .set(Hyperparameters.CYCLES, 2)
        .build();
  }

  static List<String> fingerprints(CifarData data) {
    TrialConfig base = shortDefault();
    List<String> lines = new ArrayList<>();
    lines.addAll(lines("default-single", Trainer.train(base, 7, data)));
    lines.addAll(lines("default-double",
        Trainer.train(base.with(Hyperparameters.PRECISION, Precision.DOUBLE), 7, data)));
    lines.addAll(lines("deep-no-bn", Trainer.train(base.toBuilder()
        .set(Hyperparameters.HIDDEN, List.of(60, 40, 30))
        .set(Hyperparameters.BATCH_NORM, false).set(Hyperparameters.ETA_MAX, 0.02).build(),
        11, data)));
    return lines;
  }

  private static List<String> lines(String name, TrialResult r) {
    List<String> out = new ArrayList<>();
    for (EpochRecord e : r.curve()) {
      out.add(name + " " + e.epoch() + " " + e.updates() + " " + bits(e.eta()) + " "
          + bits(e.trainLoss()) + " " + bits(e.trainCost()) + " " + bits(e.trainAccuracy())
          + " " + bits(e.valLoss()) + " " + bits(e.valCost()) + " " + bits(e.valAccuracy()));
    }
    out.add(name + " test " + r.status() + " " + bits(r.testAccuracy()));
    return out;
  }

  private static String bits(double v) {
    return Long.toHexString(Double.doubleToRawLongBits(v));
  }

  @Test
  void shortDefaultRunsGiveThePinnedNumbersBitForBit() throws IOException {
    assumeTrue(Fixtures.cifarPresent(), "CIFAR-10 not found");
    CifarData data = Fixtures.smallCifar(1000);
    Path pins = pins();
    assumeTrue(Files.exists(pins) || Boolean.getBoolean("bnsweep.pins.write"), "no pinned"
        + " numbers for this OpenBLAS kernel (" + pins + "); compute them on main with"
        + " -Dbnsweep.pins.write=true");
    Fixtures.assertPinned(pins.toString(), fingerprints(data),
        "a default training run gives other numbers than before");
  }

  /** Positive control: another seed gives other numbers, so the fingerprint can catch a change. */
  @Test
  void anotherSeedGivesAnotherFingerprint() {
    assumeTrue(Fixtures.cifarPresent(), "CIFAR-10 not found");
    CifarData data = Fixtures.smallCifar(1000);
    assertNotEquals(lines("x", Trainer.train(shortDefault(), 7, data)),
        lines("x", Trainer.train(shortDefault(), 8, data)));
  }
}
