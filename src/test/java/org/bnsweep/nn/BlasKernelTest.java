package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Java side chooses the same kernel from CPU flags as the launchers (submit/lib/jvm.sh). */
class BlasKernelTest {

  @Test
  void avx512CpusGetSkylakeXAvx2CpusHaswellOthersNothing() {
    assertEquals("SkylakeX", BlasLibrary.kernelForCpu(
        Set.of("sse3", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq")));
    assertEquals("Haswell", BlasLibrary.kernelForCpu(Set.of("sse3", "avx2", "fma", "avx512f")));
    assertNull(BlasLibrary.kernelForCpu(Set.of("sse3", "avx")));
  }
}
