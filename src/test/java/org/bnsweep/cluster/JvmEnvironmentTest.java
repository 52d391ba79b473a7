package org.bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BLAS environment of submit/lib/jvm.sh, which every launcher applies: the OpenBLAS kernel
 * from the CPU's flags when OPENBLAS_CORETYPE is unset (Debian 12's OpenBLAS falls back to slow
 * generic kernels on CPUs newer than it), and an OPENBLAS_CORETYPE already set kept as it is.
 */
class JvmEnvironmentTest {
  static final String AVX512 = "fpu sse sse2 ssse3 sse4_1 sse4_2 fma avx avx2 avx512f avx512dq"
      + " avx512cd avx512bw avx512vl";
  static final String AVX2 = "fpu sse sse2 ssse3 sse4_1 sse4_2 fma avx avx2";
  @TempDir Path dir;

  @Test
  void kernelComesFromTheCpuFlagsWhenUnset() throws Exception {
    assertEquals("SkylakeX cpu-flags", blasEnvironment(null, AVX512));
    assertEquals("Haswell cpu-flags", blasEnvironment(null, AVX2));
    // AVX2 without FMA (and AVX-512 without DQ) is not what those kernels need.
    assertEquals("unset openblas",
        blasEnvironment(null, "fpu sse sse2 avx avx2 avx512f avx512bw avx512vl"));
    assertEquals("unset openblas", blasEnvironment(null, "fpu sse sse2 sse3"));
    // An empty value counts as unset: OpenBLAS would fall back to Prescott on it.
    assertEquals("Haswell cpu-flags", blasEnvironment("", AVX2));
  }

  @Test
  void aCoretypeAlreadySetIsKept() throws Exception {
    assertEquals("Haswell preset", blasEnvironment("Haswell", AVX512));
    assertEquals("Prescott preset", blasEnvironment("Prescott", AVX2));
  }

  /** Huge pages are asked for only where the kernel gives them on request. */
  @Test
  void hugePagesAreAskedForWhereTheKernelGivesThemOnRequest() throws Exception {
    assertEquals("-XX:+UseTransparentHugePages", hugePagesFlag("always [madvise] never"));
    assertEquals("", hugePagesFlag("[always] madvise never"));
    assertEquals("", hugePagesFlag("always madvise [never]"));
    assertEquals("", hugePagesFlag(null));
  }

  /**
   * Which class data sharing flags a run gets (class_archive_flags), in a checkout of its own:
   * its pom.xml, a jar and a class path file dated as each case needs.
   */
  @Test
  void aRunMapsAFreshArchiveRecordsOtherwiseAndNeverWhereTheJvmCouldNotParseIt()
      throws Exception {
    Path checkout = Files.createDirectories(dir.resolve("checkout/target"));
    Files.copy(LocalCluster.ROOT.resolve("pom.xml"), checkout.resolveSibling("pom.xml"));
    Path jar = Files.writeString(checkout.resolve("bnsweep-0.1.0-SNAPSHOT.jar"), "jar");
    Path classpath = Files.writeString(checkout.resolve("classpath.txt"), "a.jar");
    Path archives = Files.createDirectories(dir.resolve("archives"));
    Path archive = archives.resolve("sweep.jsa");
    String record = "-XX:+RecordDynamicDumpInfo -Dbnsweep.class-archive=" + archive;

    // No archive yet: this run records one.
    assertTrue(classArchiveFlags("sweep", "", archives, null).startsWith(record + " "));
    // One newer than the jar and the class path: mapped.
    Files.writeString(archive, "archive");
    FileTime now = Files.getLastModifiedTime(archive);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(now.toMillis() - 60_000));
    Files.setLastModifiedTime(classpath, FileTime.fromMillis(now.toMillis() - 60_000));
    String map = "-XX:SharedArchiveFile=" + archive + " -Xlog:cds=off -Xlog:cds+dynamic=off";
    assertEquals(map, classArchiveFlags("sweep", "", archives, null));
    // Mapped with configuration folders on the class path too (the JVM allows more entries).
    assertEquals(map, classArchiveFlags("sweep", ":/etc/hadoop", archives, null));
    // Older than a rebuilt jar, or than the class path: recorded again.
    Files.setLastModifiedTime(jar, FileTime.fromMillis(now.toMillis() + 60_000));
    assertTrue(classArchiveFlags("sweep", "", archives, null).startsWith(record + " "));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(now.toMillis() - 60_000));
    Files.setLastModifiedTime(classpath, FileTime.fromMillis(now.toMillis() + 60_000));
    assertTrue(classArchiveFlags("sweep", "", archives, null).startsWith(record + " "));
    // ... but not while folders are on the class path (the JVM archives only from jars).
    assertEquals("", classArchiveFlags("sweep", ":/etc/hadoop", archives, null));
    // No archive for an option, for BNSWEEP_CLASS_ARCHIVE=off, nor in a folder whose path the
    // JVM's options would cut at its ':'; a comma or a blank is fine (checked by hand with
    // -Xlog and -XX:SharedArchiveFile).
    assertEquals("", classArchiveFlags("--version", "", archives, null));
    assertEquals("", classArchiveFlags("sweep", "", archives, "off"));
    Path colon = Files.createDirectories(dir.resolve("a:b"));
    assertEquals("", classArchiveFlags("sweep", "", colon, null));
    for (String fine : new String[] {"a,b", "a b"}) {
      Path folder = Files.createDirectories(dir.resolve(fine));
      assertTrue(classArchiveFlags("sweep", "", folder, null).startsWith(
          "-XX:+RecordDynamicDumpInfo -Dbnsweep.class-archive=" + folder.resolve("sweep.jsa")),
          fine);
    }
  }

  /** The flags class_archive_flags gives subcommand {@code name} in the fake checkout. */
  private String classArchiveFlags(String name, String hadoopConf, Path archives, String off)
      throws Exception {
    ProcessBuilder b = new ProcessBuilder("bash", "-c", "set -eu; root=$1; prog=test;"
        + " . \"$2/submit/lib/jvm.sh\"; class_archive_flags \"$3\" \"$4\";"
        + " echo \"${class_archive_flags[*]}\"", "bash", dir.resolve("checkout").toString(),
        LocalCluster.ROOT.toString(), name, hadoopConf).redirectErrorStream(true);
    Map<String, String> env = b.environment();
    env.put("BNSWEEP_CLASS_ARCHIVE_DIR", archives.toString());
    env.remove("BNSWEEP_CLASS_ARCHIVE");
    if (off != null) {
      env.put("BNSWEEP_CLASS_ARCHIVE", off);
    }
    return output(b);
  }

  /**
   * start_jit_flags delays C2 tenfold for the code of a command's start but not for bnsweep's
   * own classes: a method of a bnsweep class called 20,000 times reaches C2 under them as it does
   * without them, and does not when the per-method scaling is left out (the control, which
   * shows that the tenfold thresholds would hold it back).
   */
  @Test
  void c2WaitsTenTimesLongerForTheStartsCodeButNotForBnsweepsOwn() throws Exception {
    assertTrue(reachesC2(""), "without the flags");
    assertTrue(reachesC2("\"${start_jit_flags[@]}\""), "with start_jit_flags");
    String thresholdsAlone =
        "$(printf '%s\\n' \"${start_jit_flags[@]}\" | grep -v ^-XX:CompileCommand)";
    assertFalse(reachesC2(thresholdsAlone), "with the tenfold thresholds alone");
  }

  /** True if JitProbe.step is compiled at level 4 (C2) in a JVM with {@code flags}. */
  private boolean reachesC2(String flags) throws Exception {
    // The compilation log goes to a file: on stdout its lines interleave with the program's.
    Path log = Files.createTempFile(dir, "compilation", ".log");
    ProcessBuilder b = new ProcessBuilder("bash", "-c", "set -eu; root=$1; prog=test;"
        + " . \"$root/submit/lib/jvm.sh\"; exec java -Xlog:jit+compilation=debug:file=$3"
        + " -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,org/bnsweep/cluster/JitProbe.*"
        + " " + flags + " -cp \"$2\" org.bnsweep.cluster.JitProbe", "bash",
        LocalCluster.ROOT.toString(), LocalCluster.ROOT.resolve("target/test-classes").toString(),
        log.toString()).redirectErrorStream(true);
    assertEquals("done", output(b));
    return Files.readAllLines(log).stream()
        .anyMatch(l -> l.matches(".*\\s4\\s+org\\.bnsweep\\.cluster\\.JitProbe::step .*"));
  }

  /** What huge_pages_flag prints for a kernel setting; null: the file is missing. */
  private String hugePagesFlag(String enabled) throws Exception {
    Path file = dir.resolve("enabled");
    Files.deleteIfExists(file);
    if (enabled != null) {
      Files.writeString(file, enabled + "\n");
    }
    ProcessBuilder b = new ProcessBuilder("bash", "-c", "set -eu; root=$1; prog=test;"
        + " . \"$root/submit/lib/jvm.sh\"; huge_pages_flag \"$2\"", "bash",
        LocalCluster.ROOT.toString(), file.toString()).redirectErrorStream(true);
    return output(b);
  }

  /** OPENBLAS_CORETYPE and BNSWEEP_BLAS_KERNEL_SOURCE after blas_environment on a CPU. */
  private String blasEnvironment(String preset, String flags) throws Exception {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: a CPU\nflags\t\t: " + flags
        + "\n\nprocessor\t: 1\nflags\t\t: " + flags + "\n");
    ProcessBuilder b = new ProcessBuilder("bash", "-c", "set -eu; root=$1; prog=test;"
        + " . \"$root/submit/lib/jvm.sh\"; blas_environment \"$2\";"
        + " echo \"${OPENBLAS_CORETYPE:-unset} $BNSWEEP_BLAS_KERNEL_SOURCE\"", "bash",
        LocalCluster.ROOT.toString(), cpuinfo.toString()).redirectErrorStream(true);
    Map<String, String> env = b.environment();
    env.remove("OPENBLAS_CORETYPE");
    if (preset != null) {
      env.put("OPENBLAS_CORETYPE", preset);
    }
    return output(b);
  }

  /** The trimmed output of a jvm.sh snippet; fails if it fails or takes over 30 s. */
  private static String output(ProcessBuilder b) throws Exception {
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jvm.sh failed: " + out);
    }
    return out;
  }
}
