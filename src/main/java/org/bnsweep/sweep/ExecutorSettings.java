package org.bnsweep.sweep;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;

/**
 * What the executors of a cluster master need to train, set by the driver on its own SparkConf
 * (a local[*] master's executors are the driver's JVM, which its launcher set up): the JVM flags
 * of pom.xml (Spark 4 on Java 17's {@code --add-opens}, the JNI folder of Debian's
 * libjblas.so), the pthread OpenBLAS first on the library path with one BLAS thread per task
 * (trials run one per core), the driver's {@code OPENBLAS_CORETYPE} when the executors run on
 * this machine (a standalone master or YARN ResourceManager on loopback; on other hosts their
 * workers' environment decides), and the cluster jar (but for a YARN cluster-mode driver, whose
 * application jar YARN gives every container). On YARN also the Spark jars of the
 * application master's and executors' class path ({@code spark.yarn.jars}): this JVM's, as
 * {@code local:} files when the NodeManagers are on this machine, else uploaded by Spark.
 * Whatever spark-submit or {@code -Dspark.*} already set wins; JVM options and library paths
 * already set are kept after ours.
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

  /** Where the executors run and what they start from, as the driver sees it. */
  public record Driver(Map<String, String> env, JvmFlags flags, Optional<Path> clusterJar,
      List<Path> sparkJars, boolean executorsHere) {}

  /**
   * The settings to add for {@code master} (not local).
   *
   * @param conf what is set already (spark-submit's settings and {@code -Dspark.*})
   * @param d the driver's environment, flags, cluster jar (for spark.jars when unset), Spark
   *     jars (for spark.yarn.jars) and whether the executors run on this machine
   */
  public static Map<String, String> forMaster(String master, SparkConf conf, Driver d) {
    Map<String, String> env = d.env();
    JvmFlags flags = d.flags();
    Optional<Path> clusterJar = d.clusterJar();
    Map<String, String> s = new LinkedHashMap<>();
    // A YARN cluster-mode driver runs from the application jar, which YARN puts on the class
    // path of every container of the application (__app__.jar): the executors have it already.
    boolean yarnCluster = isYarn(master)
        && conf.get("spark.submit.deployMode", "client").equals("cluster");
    if (!conf.contains("spark.jars") && !yarnCluster) {
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
    if (d.executorsHere() && kernel != null && !kernel.isBlank()) {
      putIfUnset(s, conf, "spark.executorEnv.OPENBLAS_CORETYPE", kernel);
      String source = env.get("BNSWEEP_BLAS_KERNEL_SOURCE");
      if (source != null) {
        putIfUnset(s, conf, "spark.executorEnv.BNSWEEP_BLAS_KERNEL_SOURCE", source);
      }
    }
    String localIp = env.get("SPARK_LOCAL_IP");
    if (isYarn(master) && d.executorsHere() && localIp != null && isLoopback(localIp)) {
      // A driver kept on loopback keeps its containers there too (Spark would otherwise bind
      // them to the address of this machine's first interface).
      putIfUnset(s, conf, "spark.yarn.appMasterEnv.SPARK_LOCAL_IP", localIp);
      putIfUnset(s, conf, "spark.executorEnv.SPARK_LOCAL_IP", localIp);
    }
    if (isYarn(master) && !conf.contains("spark.yarn.jars")
        && !conf.contains("spark.yarn.archive")) {
      // Without either, Spark uploads $SPARK_HOME/jars, and bnsweep's launchers have no
      // SPARK_HOME: the jars of this JVM's class path are Spark's.
      String scheme = d.executorsHere() ? "local:" : "";
      s.put("spark.yarn.jars", String.join(",", d.sparkJars().stream()
          .map(j -> scheme + j.toAbsolutePath()).toList()));
    }
    return s;
  }

  /** The settings for {@code master} from this JVM's environment, class path and jar. */
  public static Map<String, String> forMaster(String master, SparkConf conf) {
    Map<String, String> env = System.getenv();
    boolean here;
    if (isYarn(master)) {
      // A cluster-mode driver runs in the application master, configured by spark-submit.
      boolean client = !conf.get("spark.submit.deployMode", "client").equals("cluster");
      if (client && env.get("HADOOP_CONF_DIR") == null && env.get("YARN_CONF_DIR") == null) {
        throw new IllegalArgumentException("--master " + master + " needs the cluster's"
            + " configuration: set HADOOP_CONF_DIR to the folder of its core-site.xml and"
            + " yarn-site.xml");
      }
      here = isLoopback(resourceManagerHost(yarnConfiguration(conf)));
    } else {
      here = onLoopback(master);
    }
    return forMaster(master, conf, new Driver(env, JvmFlags.load(), clusterJar(),
        classPathJars(), here));
  }

  /** A standalone master on this machine: spark://127.0.0.1:P or spark://localhost:P. */
  static boolean onLoopback(String master) {
    return master.startsWith("spark://127.0.0.1:") || master.startsWith("spark://localhost:");
  }

  static boolean isYarn(String master) {
    return master.equals("yarn") || master.startsWith("yarn-");
  }

  /**
   * The host of the YARN ResourceManager that {@code hadoop} names (yarn-site.xml on the class
   * path, spark.hadoop.* settings): {@code yarn.resourcemanager.address}, else
   * {@code yarn.resourcemanager.hostname}, else YARN's default 0.0.0.0 (this machine).
   */
  static String resourceManagerHost(Configuration hadoop) {
    String address = hadoop.get("yarn.resourcemanager.address");
    if (address == null || address.contains("${")) {
      return hadoop.get("yarn.resourcemanager.hostname", "0.0.0.0");
    }
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }

  /** yarn-site.xml of the class path (HADOOP_CONF_DIR), with spark.hadoop.* on top. */
  private static Configuration yarnConfiguration(SparkConf conf) {
    Configuration hadoop = new Configuration();
    hadoop.addResource("yarn-site.xml");
    for (scala.Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) {
      hadoop.set(kv._1(), kv._2());
    }
    return hadoop;
  }

  /**
   * True for a loopback or wildcard address or a name that resolves to one: daemons there run
   * on this machine (and so do the NodeManagers that register with such a ResourceManager).
   */
  static boolean isLoopback(String host) {
    try {
      InetAddress a = InetAddress.getByName(host);
      return a.isLoopbackAddress() || a.isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The jars of this JVM's class path but bnsweep's own (executors get the cluster jar). */
  public static List<Path> classPathJars() {
    Path own = codeSource();
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(j -> j.endsWith(".jar")).map(Path::of).filter(j -> !j.equals(own)).toList();
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
