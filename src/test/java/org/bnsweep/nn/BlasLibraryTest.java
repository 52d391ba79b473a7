package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the loaded BLAS is, read from lines of {@code /proc/self/maps} as Linux writes them, and
 * the one-line text, the table's short name and the warnings derived from it (the same text as
 * before it became a record: the bench and train commands print it, the table stores the name).
 */
class BlasLibraryTest {
  private static final String PTHREAD = "/usr/lib/x86_64-linux-gnu/openblas-pthread/";
  private static final Set<String> AVX512 = Set.of("avx2", "fma", "avx512f", "avx512bw",
      "avx512vl", "avx512dq");
  private static final Set<String> AVX2 = Set.of("avx2", "fma");

  /** A line of /proc/self/maps that maps {@code path}. */
  private static String mapped(String path) {
    return "7fe8a5d18000-7fe8a5e3d000 r-xp 00000000 fe:00 5595142                    " + path;
  }

  /** Debian's jblas on the pthread OpenBLAS, as submit/setup installs them; and the JVM's own. */
  private static List<String> debian(String blasFolder) {
    return List.of(mapped("/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so"),
        "7ffd5a1f2000-7ffd5a213000 rw-p 00000000 00:00 0                          [stack]",
        mapped(blasFolder + "libopenblasp-r0.3.21.so"), mapped(blasFolder + "libblas.so.3"),
        mapped("/usr/lib/jni/libjblas.so"), mapped("/usr/lib/jni/libjblas_arch_flavor.so"),
        mapped("/tmp/libnetlibblasjni.so59846984705140003"));
  }

  @Test
  void debiansPthreadBuildWithAKernelFromTheLaunchers() {
    BlasLibrary b = BlasLibrary.fromMaps(debian(PTHREAD), Map.of("OPENBLAS_NUM_THREADS", "1",
        "OPENBLAS_CORETYPE", "Haswell", "BNSWEEP_BLAS_KERNEL_SOURCE", "cpu-flags"));
    assertEquals(BlasLibrary.Jblas.SYSTEM, b.jblas());
    assertEquals(BlasLibrary.Build.OPENBLAS_PTHREAD, b.build());
    assertEquals(List.of("/usr/lib/jni/libjblas.so"), b.jblasPaths());
    assertEquals(Optional.of("cpu-flags"), b.kernel().source());
    assertEquals("system libjblas.so [/usr/lib/jni/libjblas.so] with [" + PTHREAD
        + "libopenblasp-r0.3.21.so, " + PTHREAD + "libblas.so.3], kernel Haswell"
        + " (OPENBLAS_CORETYPE, cpu-flags)", b.describe());
    assertEquals("openblas-pthread/Haswell", b.summary());
    b.requireSafeForConcurrentCalls();
    assertEquals(Optional.empty(), b.slowerThanItShouldBe(AVX2));
    assertTrue(b.slowerThanItShouldBe(AVX512).orElseThrow()
        .startsWith("BLAS warning: OPENBLAS_CORETYPE=Haswell is set in the environment and"
            + " kept, but this CPU has AVX-512"), b.slowerThanItShouldBe(AVX512).toString());
  }

  @Test
  void thePthreadBuildWithMoreThanOneThreadAndNoKernelIsNoted() {
    BlasLibrary b = BlasLibrary.fromMaps(debian(PTHREAD), Map.of());
    assertEquals("system libjblas.so [/usr/lib/jni/libjblas.so] with [" + PTHREAD
        + "libopenblasp-r0.3.21.so, " + PTHREAD + "libblas.so.3], kernel chosen by OpenBLAS"
        + " from the CPU model (OPENBLAS_NUM_THREADS is null, not 1: each trial may use every"
        + " core)", b.describe());
    assertEquals("openblas-pthread/cpu-model", b.summary());
    assertTrue(b.slowerThanItShouldBe(AVX2).orElseThrow()
        .startsWith("BLAS warning: OPENBLAS_CORETYPE is not set"));
  }

  @Test
  void theSerialBuildIsRefusedForConcurrentTrials() {
    BlasLibrary b = BlasLibrary.fromMaps(debian(PTHREAD.replace("pthread", "serial")),
        Map.of("OPENBLAS_NUM_THREADS", "1", "OPENBLAS_CORETYPE", "Haswell"));
    assertEquals(BlasLibrary.Build.OPENBLAS_SERIAL, b.build());
    assertTrue(b.describe().endsWith(", kernel Haswell (OPENBLAS_CORETYPE) (serial build: not"
        + " safe for concurrent trials; install libopenblas0-pthread)"), b.describe());
    assertEquals("openblas-serial/Haswell", b.summary());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        b::requireSafeForConcurrentCalls);
    assertTrue(e.getMessage().contains("apt-get install -y libopenblas0-pthread"),
        e.getMessage());
  }

  @Test
  void jblassOwnLibraryIsBundledAndSlow() {
    BlasLibrary b = BlasLibrary.fromMaps(List.of(mapped("/tmp/jblas4416/libjblas.so"),
        mapped("/tmp/jblas4416/libjblas_arch_flavor.so")), Map.of("OPENBLAS_CORETYPE", " "));
    assertEquals(BlasLibrary.Jblas.BUNDLED, b.jblas());
    assertEquals(BlasLibrary.Build.OTHER, b.build());
    assertEquals("jblas's bundled libjblas.so (SSE3 kernels; install jblas libopenblas0-pthread"
        + " libgfortran5 for OpenBLAS) [/tmp/jblas4416/libjblas.so], kernel chosen by OpenBLAS"
        + " from the CPU model", b.describe());
    assertEquals("jblas-bundled/cpu-model", b.summary());
    assertTrue(b.slowerThanItShouldBe(Set.of()).orElseThrow()
        .startsWith("BLAS warning: jblas uses its bundled library"));
  }

  @Test
  void unreadableMapsLeaveTheLibraryUnknownWithTheReason() {
    BlasLibrary b = new BlasLibrary(BlasLibrary.Jblas.UNKNOWN, List.of(),
        BlasLibrary.Build.OTHER, List.of(), new BlasLibrary.Kernel(Optional.empty(),
            Optional.empty()), Optional.empty(), Optional.of("cannot read /proc/self/maps (x)"));
    assertEquals("jblas loaded; which BLAS is unknown: cannot read /proc/self/maps (x)",
        b.describe());
    assertEquals("blas/cpu-model", b.summary());
    assertThrows(IllegalArgumentException.class, () -> new BlasLibrary(
        BlasLibrary.Jblas.SYSTEM, List.of(), BlasLibrary.Build.OTHER, List.of(), b.kernel(),
        Optional.empty(), Optional.of("a reason for a known library")));
  }
}
