package org.bnsweep.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jblas.NativeBlas;

/**
 * Loads jblas's native library once and says which BLAS it brought in. jblas prefers a system
 * {@code libjblas.so} (Debian's is linked to the system BLAS, OpenBLAS here) over the build in
 * its jar (SSE3 kernels only); the answer is read from the libraries mapped into this process.
 *
 * <p>The OpenBLAS to use is Debian's pthread build run with {@code OPENBLAS_NUM_THREADS=1}: one
 * thread per call, so one per trial, and safe when several trials of one JVM call it at once.
 * Debian's serial build is not: it hands out its work buffers without locks (OpenBLAS's
 * {@code USE_LOCKING} is off), and two threads multiplying at the same time get wrong products,
 * which made concurrent trials diverge (see BlasConcurrencyTest).
 */
public final class BlasLibrary {
  /** The Debian packages that give jblas a fast BLAS that concurrent trials can share. */
  public static final String PACKAGES = "jblas libopenblas0-pthread libgfortran5";

  private static volatile String description;
  private static volatile boolean serialOpenBlas;

  private BlasLibrary() {}

  /**
   * Loads the native library if needed and describes it, e.g. "system libjblas.so with
   * OpenBLAS (serial)".
   *
   * @throws IllegalStateException naming the packages to install when no library loads
   */
  public static String describe() {
    String d = description;
    if (d == null) {
      synchronized (BlasLibrary.class) {
        if (description == null) {
          description = load();
        }
        d = description;
      }
    }
    return d;
  }

  private static String load() {
    try {
      // A 1x1 product forces jblas's static initialiser to load the library.
      double[] c = new double[1];
      NativeBlas.dgemm('N', 'N', 1, 1, 1, 1.0, new double[] {2}, 0, 1, new double[] {3}, 0, 1,
          0.0, c, 0, 1);
      if (c[0] != 6.0) {
        throw new IllegalStateException("jblas's native dgemm gave 2 * 3 = " + c[0]);
      }
    } catch (LinkageError e) {
      throw new IllegalStateException("jblas could not load a native BLAS (" + e.getMessage()
          + "); install one with: apt-get install -y " + PACKAGES, e);
    }
    return describeMappedLibraries();
  }

  /**
   * Fails, naming the fix, when the loaded BLAS gives wrong results to concurrent callers: what a
   * Spark executor running several trials at once must not use.
   */
  public static void requireSafeForConcurrentCalls() {
    describe();
    if (serialOpenBlas) {
      throw new IllegalStateException("jblas loaded Debian's serial OpenBLAS, which gives wrong"
          + " products when trials run at once in one JVM; install the pthread build with:"
          + " apt-get install -y libopenblas0-pthread (and set OPENBLAS_NUM_THREADS=1)");
    }
  }

  private static String describeMappedLibraries() {
    Set<String> jblas = new LinkedHashSet<>();
    Set<String> blas = new LinkedHashSet<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        int slash = line.indexOf('/');
        if (slash < 0) {
          continue;
        }
        String path = line.substring(slash);
        String name = Path.of(path).getFileName().toString();
        if (name.startsWith("libjblas") && !name.contains("arch_flavor")) {
          jblas.add(path);
        } else if (name.contains("openblas") || name.startsWith("libblas")
            || name.contains("atlas") || name.contains("mkl")) {
          blas.add(path);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not fatal (a JVM without /proc still computes), but the reason is part of the answer.
      return "jblas loaded; which BLAS is unknown: cannot read /proc/self/maps (" + e + ")";
    }
    String which = jblas.stream().anyMatch(p -> p.startsWith("/usr/"))
        ? "system libjblas.so" : "jblas's bundled libjblas.so (SSE3 kernels; install " + PACKAGES
            + " for OpenBLAS)";
    serialOpenBlas = blas.stream().anyMatch(p -> p.contains("openblas-serial"));
    String threads = System.getenv("OPENBLAS_NUM_THREADS");
    String note = serialOpenBlas
        ? " (serial build: not safe for concurrent trials; install libopenblas0-pthread)"
        : blas.stream().anyMatch(p -> p.contains("openblas-pthread")) && !"1".equals(threads)
            ? " (OPENBLAS_NUM_THREADS is " + threads + ", not 1: each trial may use every core)"
            : "";
    return which + " " + jblas + (blas.isEmpty() ? "" : " with " + blas) + ", " + kernel()
        + note;
  }

  /**
   * Which OpenBLAS kernel runs: the one {@code OPENBLAS_CORETYPE} forces (set by the host, or by
   * bnsweep's launchers from the CPU's flags), else the one OpenBLAS picks from the CPU model.
   */
  public static String kernel() {
    String forced = System.getenv("OPENBLAS_CORETYPE");
    if (forced == null || forced.isBlank()) {
      return "kernel chosen by OpenBLAS from the CPU model";
    }
    String source = System.getenv("BNSWEEP_BLAS_KERNEL_SOURCE");
    return "kernel " + forced + " (OPENBLAS_CORETYPE" + (source == null ? "" : ", " + source)
        + ")";
  }

  /**
   * One line when this JVM's BLAS is slower than this CPU allows, else empty: jblas's bundled
   * library, no kernel forced on a CPU newer than Debian's OpenBLAS (which then falls back to
   * its generic kernels), or a forced kernel below what the CPU's flags support. A kernel the
   * host forced is kept (some hosts force one because newer kernels are wrong on their CPU);
   * the line only says what it costs.
   */
  public static java.util.Optional<String> slowerThanItShouldBe() {
    String d = describe();
    if (d.contains("bundled")) {
      return java.util.Optional.of("BLAS warning: jblas uses its bundled library (SSE3 kernels,"
          + " several times slower); install " + PACKAGES + " (submit/setup)");
    }
    String best = kernelForCpu(cpuFlags());
    String forced = System.getenv("OPENBLAS_CORETYPE");
    if (best == null) {
      return java.util.Optional.empty();
    }
    if (forced == null || forced.isBlank()) {
      return java.util.Optional.of("BLAS warning: OPENBLAS_CORETYPE is not set, so Debian's"
          + " OpenBLAS picks its kernel from the CPU model and may fall back to generic SSE3"
          + " kernels on this CPU; launch through submit/bnsweep (it sets OPENBLAS_CORETYPE="
          + best + " from the CPU's flags) or set it yourself");
    }
    if (best.equals("SkylakeX") && forced.equalsIgnoreCase("Haswell")) {
      return java.util.Optional.of("BLAS warning: OPENBLAS_CORETYPE=" + forced + " is set in"
          + " the environment and kept, but this CPU has AVX-512: SkylakeX kernels were about"
          + " 1.6x faster in bench here (docs/performance.md); unset it or set"
          + " OPENBLAS_CORETYPE=SkylakeX if the host allows");
    }
    return java.util.Optional.empty();
  }

  /** The OpenBLAS kernel a CPU's flags support best, as the launchers choose it; or null. */
  static String kernelForCpu(java.util.Set<String> flags) {
    if (flags.containsAll(java.util.List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
      return "SkylakeX";
    }
    if (flags.containsAll(java.util.List.of("avx2", "fma"))) {
      return "Haswell";
    }
    return null;
  }

  private static java.util.Set<String> cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return new java.util.HashSet<>(java.util.Arrays.asList(
              line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc/cpuinfo (not Linux): nothing to compare with, so no warning.
    }
    return java.util.Set.of();
  }

  /** How matrix products reach the library: arrays passed in place, or copied each call. */
  public static String productRoute() {
    return Gemm.route();
  }

  /** A short name of the library and kernel for every row of the table. */
  public static String summary() {
    String d = describe();
    String library = d.contains("openblas-pthread") ? "openblas-pthread"
        : d.contains("openblas-serial") ? "openblas-serial"
        : d.contains("bundled") ? "jblas-bundled" : d.contains("openblas") ? "openblas" : "blas";
    String forced = System.getenv("OPENBLAS_CORETYPE");
    return library + "/" + (forced == null || forced.isBlank() ? "cpu-model" : forced);
  }
}
