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
