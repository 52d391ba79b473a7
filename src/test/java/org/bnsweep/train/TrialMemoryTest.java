package org.bnsweep.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bnsweep.config.Settings;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.junit.jupiter.api.Test;

/** The memory estimate of a trial and the one-line refusals built on it. */
class TrialMemoryTest {
  static TrialConfig withHidden(List<Integer> hidden) {
    return Settings.load(null, List.of(), java.util.Set.of()).trial().with(Hyperparameters.HIDDEN, hidden);
  }

  @Test
  void theEstimateGrowsWithWidthDepthAndBatch() {
    TrialConfig base = withHidden(List.of(50, 50));
    long small = TrialMemory.of(base).bytes();
    assertTrue(TrialMemory.of(withHidden(List.of(500, 50))).bytes() > small);
    assertTrue(TrialMemory.of(withHidden(List.of(50, 50, 50))).bytes() > small);
    assertTrue(TrialMemory.of(base.with(Hyperparameters.BATCH_SIZE, 400)).bytes() > small);
    // The first layer's weights and their gradient, in double, at the least.
    TrialConfig wide = withHidden(List.of(10_000));
    assertTrue(TrialMemory.of(wide).bytes() > 2L * 8 * 10_000 * 3072);
  }

  @Test
  void aMatrixLargerThanAJavaArrayIsRefusedWhateverTheMemory() {
    // 1,000,000 x 3,072 weights: the NegativeArraySizeException of issue 9.
    TrialMemory m = TrialMemory.of(withHidden(List.of(1_000_000)));
    assertFalse(m.fitsInArrays());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.check("network.hidden [1000000]", 0, "the data", Long.MAX_VALUE, "the heap",
            "BNSWEEP_HEAP"));
    assertTrue(e.getMessage().startsWith("network.hidden [1000000]: the 1000000 x 3072 weights"
        + " of layer 1"), e.getMessage());
    assertTrue(e.getMessage().contains("more than a Java array holds"), e.getMessage());
    assertTrue(e.getMessage().endsWith("lower network.hidden"), e.getMessage());
  }

  @Test
  void aTrialAboveTheLimitIsRefusedNamingNeedLimitAndFix() {
    TrialMemory m = TrialMemory.of(withHidden(List.of(100_000)));
    assertTrue(m.fitsInArrays());
    long limit = m.bytes() / 2;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.check("network.hidden [100000]", 1 << 20, "the data", limit, "the JVM's heap",
            "BNSWEEP_HEAP"));
    String text = e.getMessage();
    assertTrue(text.startsWith("network.hidden [100000] needs about "
        + TrialMemory.size(m.bytes() + (1 << 20))), text);
    assertTrue(text.contains("the JVM's heap is " + TrialMemory.size(limit)), text);
    assertTrue(text.contains("lower network.hidden or raise BNSWEEP_HEAP to "), text);
    assertFalse(text.contains("\n"), text);
    assertDoesNotThrow(() -> m.check("x", 1 << 20, "the data", m.bytes() + (1 << 20), "h", "r"));
  }
}
