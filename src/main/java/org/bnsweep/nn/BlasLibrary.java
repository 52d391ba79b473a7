package org.bnsweep.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jblas.NativeBlas;

/**
 * The native BLAS that jblas loaded into this JVM, read once from the libraries mapped into the
 * process ({@link #loaded()}). jblas prefers a system {@code libjblas.so} (Debian's is linked to
 * the system BLAS, OpenBLAS here) over the build in its jar (SSE3 kernels only).
 *
 * <p>The OpenBLAS to use is Debian's pthread build run with {@code OPENBLAS_NUM_THREADS=1}: one
 * thread per call, so one per trial, and safe when several trials of one JVM call it at once.
 * Debian's serial build is not: it hands out its work buffers without locks (OpenBLAS's
 * {@code USE_LOCKING} is off), and two threads multiplying at the same time get wrong products,
 * which made concurrent trials diverge (see BlasConcurrencyTest).
 *
 * @param jblas which {@code libjblas.so} jblas loaded
 * @param jblasPaths its mapped files
 * @param build the BLAS mapped beside it
 * @param blasPaths the BLAS's mapped files; empty if none is seen
 * @param kernel the OpenBLAS kernel and who chose it
 * @param openblasThreads {@code OPENBLAS_NUM_THREADS}; empty if unset
 * @param unknownBecause why the mapped libraries are not known (then {@code jblas} is {@link
 *     Jblas#UNKNOWN}); empty when they are
 */
public record BlasLibrary(Jblas jblas, List<String> jblasPaths, Build build,
    List<String> blasPaths, Kernel kernel, Optional<String> openblasThreads,
    Optional<String> unknownBecause) {

  /** The Debian packages that give jblas a fast BLAS that concurrent trials can share. */
  public static final String PACKAGES = "jblas libopenblas0-pthread libgfortran5";

  private static volatile BlasLibrary loaded;

  /** Which {@code libjblas.so} jblas loaded. */
  public enum Jblas {
    /** Debian's, under {@code /usr}, linked to the system BLAS. */
    SYSTEM,
    /** The build in jblas's jar: SSE3 kernels only. */
    BUNDLED,
    /** Not known: the mapped libraries could not be read. */
    UNKNOWN
  }

  /** The BLAS library mapped beside jblas. */
  public enum Build {
    /** Debian's pthread OpenBLAS: safe when trials call it at once. */
    OPENBLAS_PTHREAD("openblas-pthread"),
    /** Debian's serial OpenBLAS: wrong products when trials call it at once. */
    OPENBLAS_SERIAL("openblas-serial"),
    /** Another OpenBLAS. */
    OPENBLAS("openblas"),
    /** Another BLAS (the reference one, ATLAS, MKL), or none seen. */
    OTHER("blas");

    /** Its name in a trial's {@code blas} column. */
    final String label;

    Build(String label) {
      this.label = label;
    }
  }

  /**
   * The OpenBLAS kernel that runs.
   *
   * @param forced the one {@code OPENBLAS_CORETYPE} forces; empty when OpenBLAS picks one from
   *     the CPU model
   * @param source who chose it, as bnsweep's launchers record it in {@code
   *     BNSWEEP_BLAS_KERNEL_SOURCE} (preset, cpu-flags or openblas); empty outside them
   */
  public record Kernel(Optional<String> forced, Optional<String> source) {
    /** The kernel a process with environment {@code env} runs. */
    static Kernel of(Map<String, String> env) {
      return new Kernel(Optional.ofNullable(env.get("OPENBLAS_CORETYPE"))
          .filter(k -> !k.isBlank()), Optional.ofNullable(env.get("BNSWEEP_BLAS_KERNEL_SOURCE")));
    }

    /** E.g. "kernel Haswell (OPENBLAS_CORETYPE, cpu-flags)". */
    public String describe() {
      return forced.map(k -> "kernel " + k + " (OPENBLAS_CORETYPE"
          + source.map(s -> ", " + s).orElse("") + ")")
          .orElse("kernel chosen by OpenBLAS from the CPU model");
    }
  }

  public BlasLibrary {
    jblasPaths = List.copyOf(jblasPaths);
    blasPaths = List.copyOf(blasPaths);
    if ((jblas == Jblas.UNKNOWN) != unknownBecause.isPresent()) {
      throw new IllegalArgumentException("jblas is " + jblas + " but unknownBecause is "
          + unknownBecause + ": a library is unknown exactly when there is a reason");
    }
  }

  /**
   * Loads jblas's native library if needed and says which BLAS it brought in.
   *
   * @throws IllegalStateException naming the packages to install when no library loads
   */
  public static BlasLibrary loaded() {
    BlasLibrary b = loaded;
    if (b == null) {
      synchronized (BlasLibrary.class) {
        if (loaded == null) {
          loaded = load();
        }
        b = loaded;
      }
    }
    return b;
  }

  private static BlasLibrary load() {
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
    Map<String, String> env = System.getenv();
    try {
      return fromMaps(Files.readAllLines(Path.of("/proc/self/maps")), env);
    } catch (IOException | RuntimeException e) {
      // Not fatal (a JVM without /proc still computes), but the reason is part of the answer.
      return new BlasLibrary(Jblas.UNKNOWN, List.of(), Build.OTHER, List.of(), Kernel.of(env),
          Optional.ofNullable(env.get("OPENBLAS_NUM_THREADS")),
          Optional.of("cannot read /proc/self/maps (" + e + ")"));
    }
  }

  /** The libraries that lines of {@code /proc/self/maps} show, in a process with {@code env}. */
  static BlasLibrary fromMaps(List<String> maps, Map<String, String> env) {
    Set<String> jblas = new LinkedHashSet<>();
    Set<String> blas = new LinkedHashSet<>();
    for (String line : maps) {
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
    // The serial build first: with it mapped, concurrent calls are unsafe whatever else is.
    Build build = blas.stream().anyMatch(p -> p.contains("openblas-serial"))
        ? Build.OPENBLAS_SERIAL
        : blas.stream().anyMatch(p -> p.contains("openblas-pthread")) ? Build.OPENBLAS_PTHREAD
        : blas.stream().anyMatch(p -> p.contains("openblas")) ? Build.OPENBLAS : Build.OTHER;
    return new BlasLibrary(jblas.stream().anyMatch(p -> p.startsWith("/usr/")) ? Jblas.SYSTEM
        : Jblas.BUNDLED, List.copyOf(jblas), build, List.copyOf(blas), Kernel.of(env),
        Optional.ofNullable(env.get("OPENBLAS_NUM_THREADS")), Optional.empty());
  }

  /**
   * One line, e.g. "system libjblas.so [/usr/lib/jni/libjblas.so] with
   * [/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3], kernel Haswell
   * (OPENBLAS_CORETYPE, cpu-flags)", with a note when the build or its threads are wrong for
   * concurrent trials.
   */
  public String describe() {
    if (unknownBecause.isPresent()) {
      return "jblas loaded; which BLAS is unknown: " + unknownBecause.get();
    }
    String which = jblas == Jblas.SYSTEM ? "system libjblas.so"
        : "jblas's bundled libjblas.so (SSE3 kernels; install " + PACKAGES + " for OpenBLAS)";
    String note = build == Build.OPENBLAS_SERIAL
        ? " (serial build: not safe for concurrent trials; install libopenblas0-pthread)"
        : build == Build.OPENBLAS_PTHREAD && !openblasThreads.equals(Optional.of("1"))
            ? " (OPENBLAS_NUM_THREADS is " + openblasThreads.orElse(null) + ", not 1: each"
                + " trial may use every core)"
            : "";
    return which + " " + jblasPaths + (blasPaths.isEmpty() ? "" : " with " + blasPaths) + ", "
        + kernel.describe() + note;
  }

  /** A short name of the library and kernel, for the table's rows: "openblas-pthread/Haswell". */
  public String summary() {
    String library = build == Build.OPENBLAS_PTHREAD || build == Build.OPENBLAS_SERIAL
        ? build.label : jblas == Jblas.BUNDLED ? "jblas-bundled" : build.label;
    return library + "/" + kernel.forced().orElse("cpu-model");
  }

  /**
   * Fails, naming the fix, when this BLAS gives wrong results to concurrent callers: what a
   * Spark executor running several trials at once must not use.
   */
  public void requireSafeForConcurrentCalls() {
    if (build == Build.OPENBLAS_SERIAL) {
      throw new IllegalStateException("jblas loaded Debian's serial OpenBLAS, which gives wrong"
          + " products when trials run at once in one JVM; install the pthread build with:"
          + " apt-get install -y libopenblas0-pthread (and set OPENBLAS_NUM_THREADS=1)");
    }
  }

  /**
   * One line when this BLAS is slower than this CPU allows, else empty: jblas's bundled
   * library, no kernel forced on a CPU newer than Debian's OpenBLAS (which then falls back to
   * its generic kernels), or a forced kernel below what the CPU's flags support. A kernel the
   * host forced is kept (some hosts force one because newer kernels are wrong on their CPU);
   * the line only says what it costs.
   */
  public Optional<String> slowerThanItShouldBe() {
    return slowerThanItShouldBe(cpuFlags());
  }

  /** {@link #slowerThanItShouldBe()} on a CPU with {@code flags}. */
  Optional<String> slowerThanItShouldBe(Set<String> flags) {
    if (jblas == Jblas.BUNDLED) {
      return Optional.of("BLAS warning: jblas uses its bundled library (SSE3 kernels,"
          + " several times slower); install " + PACKAGES + " (submit/setup)");
    }
    String best = kernelForCpu(flags);
    if (best == null) {
      return Optional.empty();
    }
    if (kernel.forced().isEmpty()) {
      return Optional.of("BLAS warning: OPENBLAS_CORETYPE is not set, so Debian's"
          + " OpenBLAS picks its kernel from the CPU model and may fall back to generic SSE3"
          + " kernels on this CPU; launch through submit/bnsweep (it sets OPENBLAS_CORETYPE="
          + best + " from the CPU's flags) or set it yourself");
    }
    String forced = kernel.forced().get();
    if (best.equals("SkylakeX") && forced.equalsIgnoreCase("Haswell")) {
      return Optional.of("BLAS warning: OPENBLAS_CORETYPE=" + forced + " is set in"
          + " the environment and kept, but this CPU has AVX-512: SkylakeX kernels were about"
          + " 1.6x faster in bench here (docs/performance.md); unset it or set"
          + " OPENBLAS_CORETYPE=SkylakeX if the host allows");
    }
    return Optional.empty();
  }

  /** The OpenBLAS kernel a CPU's flags support best, as the launchers choose it; or null. */
  static String kernelForCpu(Set<String> flags) {
    if (flags.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
      return "SkylakeX";
    }
    if (flags.containsAll(List.of("avx2", "fma"))) {
      return "Haswell";
    }
    return null;
  }

  private static Set<String> cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return new HashSet<>(Arrays.asList(
              line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc/cpuinfo (not Linux): nothing to compare with, so no warning.
    }
    return Set.of();
  }

  /** How matrix products reach the library: arrays passed in place, or copied each call. */
  public static String productRoute() {
    return Gemm.route();
  }
}
