package org.bnsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bnsweep.Fixtures;
import org.bnsweep.UsesCifar10;
import org.bnsweep.config.Settings;
import org.bnsweep.data.CifarData;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.Test;

/**
 * End to end on the full data with the defaults: 45,000 training images, the 3-layer [50, 50]
 * network with batch normalisation, lambda 0.005, two cycles. About 30 seconds on one core.
 */
@UsesCifar10
class FullDataTest {

  @Test
  void threeLayerBatchNormReachesTheReferenceAccuracy() {
    Settings defaults = Settings.defaults();
    CifarData data = CifarData.load(new org.bnsweep.data.DataConfig(
        Fixtures.cifarDir().toString(), 45_000, 5_000, 10_000));
    TrialResult r = Trainer.train(defaults.trial(), 1, data);
    assertEquals(TrialStatus.OK, r.status());
    assertEquals(20, r.curve().size()); // 9,000 updates of 450 per epoch
    // The bar; a well-tuned reference reaches about 0.53 on this data.
    assertTrue(r.testAccuracy() >= 0.52, "test accuracy " + r.testAccuracy());
    assertTrue(r.curve().get(19).trainLoss() < r.curve().get(0).trainLoss());
  }
}
