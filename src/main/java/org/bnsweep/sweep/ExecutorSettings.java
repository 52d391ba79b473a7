package org.bnsweep.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.SparkConf;

/**
 * What the executors of a cluster master need to train, set by the driver on its own SparkConf
 * (a local[*] master's executors are the driver's JVM, which its launcher set up): the JVM flags
 * of pom.xml (Spark 4 on Java 17's {@code --add-opens}, the JNI folder of Debian's
 * libjblas.so), the pthread OpenBLAS first on the library path with one BLAS thread per task
 * (trials run one per core), the driver's {@code OPENBLAS_CORETYPE} when the master is on
 * loopback (its executors run on this CPU; on other hosts their workers' environment decides),
 * and the cluster jar. Whatever spark-submit or {@code -Dspark.*} already set wins; JVM options
 * and library paths already set are kept after ours.
 */
public final class ExecutorSettings {
  /** Written by the build from pom.xml's properties. */
  private static final String FLAGS_RESOURCE = "/bnsweep-jvm.properties";

  private ExecutorSettings() {}

  /** The JVM options every JVM that runs bnsweep code gets, and the pthread OpenBLAS folder. */
  public record JvmFlags(List<String> options, String openBlasDir) {
    /** The flags the build wrote into the jar. */
    public static JvmFlags load() {
      Properties p = new Properties();
      try (InputStream in = ExecutorSettings.class.getResourceAsStream(FLAGS_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(FLAGS_RESOURCE + " is missing from the class path;"
              + " rebuild with mvn -DskipTests package");
        }
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new JvmFlags(Arrays.asList(p.getProperty("jvm.options").trim().split("\\s+")),
          p.getProperty("openblas.dir"));
    }
  }

  /**
   * The settings to add for {@code master} (not local).
   *
   * @param conf what is set already (spark-submit's settings and {@code -Dspark.*})
   * @param env the driver's environment
   * @param clusterJar the shaded jar for the executors, when spark.jars is not set
   */
  public static Map<String, String> forMaster(String master, SparkConf conf,
      Map<String, String> env, JvmFlags flags, Optional<Path> clusterJar) {
    Map<String, String> s = new LinkedHashMap<>();
    if (!conf.contains("spark.jars")) {
      s.put("spark.jars", clusterJar.orElseThrow(() -> new IllegalStateException("no cluster"
          + " jar beside " + codeSource() + " for the executors of " + master + "; build it"
          + " with mvn -DskipTests package, or set spark.jars")).toString());
    }
    s.put("spark.executor.extraJavaOptions", joined(String.join(" ", flags.options()),
        conf.get("spark.executor.extraJavaOptions", ""), " "));
    s.put("spark.executor.extraLibraryPath", joined(flags.openBlasDir(),
        conf.get("spark.executor.extraLibraryPath", ""), ":"));
    putIfUnset(s, conf, "spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    putIfUnset(s, conf, "spark.executorEnv.OMP_NUM_THREADS", "1");
    String kernel = env.get("OPENBLAS_CORETYPE");
    if (onLoopback(master) && kernel != null && !kernel.isBlank()) {
      putIfUnset(s, conf, "spark.executorEnv.OPENBLAS_CORETYPE", kernel);
      String source = env.get("BNSWEEP_BLAS_KERNEL_SOURCE");
      if (source != null) {
        putIfUnset(s, conf, "spark.executorEnv.BNSWEEP_BLAS_KERNEL_SOURCE", source);
      }
    }
    return s;
  }

  /** The settings for {@code master} from this JVM's environment and jar. */
  public static Map<String, String> forMaster(String master, SparkConf conf) {
    return forMaster(master, conf, System.getenv(), JvmFlags.load(), clusterJar());
  }

  /** A standalone master on this machine: spark://127.0.0.1:P or spark://localhost:P. */
  static boolean onLoopback(String master) {
    return master.startsWith("spark://127.0.0.1:") || master.startsWith("spark://localhost:");
  }

  /**
   * The shaded jar: this class's jar when it is the cluster jar, else the cluster jar beside it
   * (target/bnsweep-V.jar: target/bnsweep-V-cluster.jar), if built.
   */
  static Optional<Path> clusterJar() {
    Path here = codeSource();
    String name = here.getFileName().toString();
    if (name.endsWith("-cluster.jar")) {
      return Optional.of(here);
    }
    Path sibling = here.resolveSibling(name.replaceFirst("\\.jar$", "") + "-cluster.jar");
    return name.endsWith(".jar") && Files.isRegularFile(sibling) ? Optional.of(sibling)
        : Optional.empty();
  }

  /** The jar (or classes folder) this class was loaded from. */
  public static Path codeSource() {
    try {
      return Path.of(ExecutorSettings.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String joined(String ours, String theirs, String separator) {
    return theirs.isBlank() ? ours : ours + separator + theirs.strip();
  }

  private static void putIfUnset(Map<String, String> s, SparkConf conf, String key,
      String value) {
    if (!conf.contains(key)) {
      s.put(key, value);
    }
  }
}
