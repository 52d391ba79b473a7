package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * What the driver sets for a cluster's executors (what submit/spark-submit-sweep used to add on
 * the command line): pom.xml's JVM flags, one BLAS thread, the pthread OpenBLAS, this CPU's kernel
 * for a master on loopback only, and the cluster jar; settings already given win.
 */
class ExecutorSettingsTest {
  static final ExecutorSettings.JvmFlags FLAGS = new ExecutorSettings.JvmFlags(
      List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Djava.library.path=/usr/lib/jni"),
      "/usr/lib/x86_64-linux-gnu/openblas-pthread");
  static final Optional<Path> JAR = Optional.of(Path.of("/x/bnsweep-cluster.jar"));
  static final Map<String, String> ENV = Map.of("OPENBLAS_CORETYPE", "Sandybridge",
      "BNSWEEP_BLAS_KERNEL_SOURCE", "preset", "SPARK_LOCAL_IP", "127.0.0.1");
  static final List<Path> SPARK_JARS = List.of(Path.of("/m2/spark-core_2.13-4.2.0.jar"),
      Path.of("/m2/spark-yarn_2.13-4.2.0.jar"));

  static ExecutorSettings.Driver driver(Optional<Path> clusterJar, boolean executorsHere) {
    return new ExecutorSettings.Driver(ENV, FLAGS, clusterJar, SPARK_JARS, executorsHere);
  }

  @Test
  void aLoopbackMastersExecutorsGetTheFlagsTheBlasAndThisCpusKernel() {
    Map<String, String> s = ExecutorSettings.forMaster("spark://127.0.0.1:7077",
        new SparkConf(false), driver(JAR, true));
    assertEquals("/x/bnsweep-cluster.jar", s.get("spark.jars"));
    assertEquals("--add-opens=java.base/java.nio=ALL-UNNAMED -Djava.library.path=/usr/lib/jni",
        s.get("spark.executor.extraJavaOptions"));
    assertEquals("/usr/lib/x86_64-linux-gnu/openblas-pthread",
        s.get("spark.executor.extraLibraryPath"));
    assertEquals("1", s.get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
    assertEquals("Sandybridge", s.get("spark.executorEnv.OPENBLAS_CORETYPE"));
    assertEquals("preset", s.get("spark.executorEnv.BNSWEEP_BLAS_KERNEL_SOURCE"));
  }

  @Test
  void anotherHostsExecutorsKeepTheirOwnKernel() {
    Map<String, String> s = ExecutorSettings.forMaster("spark://10.0.0.5:7077",
        new SparkConf(false), driver(JAR, false));
    assertFalse(s.containsKey("spark.executorEnv.OPENBLAS_CORETYPE"), s.toString());
    assertEquals("1", s.get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
  }

  @Test
  void settingsAlreadyGivenWinAndJvmOptionsAreAppended() {
    SparkConf given = new SparkConf(false).set("spark.jars", "/y/app.jar")
        .set("spark.executor.extraJavaOptions", "-XX:+UseG1GC")
        .set("spark.executorEnv.OPENBLAS_CORETYPE", "Haswell");
    Map<String, String> s = ExecutorSettings.forMaster("spark://localhost:7077", given,
        driver(Optional.empty(), true));
    assertFalse(s.containsKey("spark.jars"), s.toString());
    assertFalse(s.containsKey("spark.executorEnv.OPENBLAS_CORETYPE"), s.toString());
    assertTrue(s.get("spark.executor.extraJavaOptions").endsWith(" -XX:+UseG1GC"), s.toString());
  }

  @Test
  void yarnContainersOnThisMachineStartFromTheDriversSparkJarsInPlace() {
    Map<String, String> s = ExecutorSettings.forMaster("yarn", new SparkConf(false),
        driver(JAR, true));
    assertEquals("local:/m2/spark-core_2.13-4.2.0.jar,local:/m2/spark-yarn_2.13-4.2.0.jar",
        s.get("spark.yarn.jars"));
    assertEquals("/x/bnsweep-cluster.jar", s.get("spark.jars"));
    assertEquals("Sandybridge", s.get("spark.executorEnv.OPENBLAS_CORETYPE"));
    assertTrue(s.get("spark.executor.extraJavaOptions").startsWith("--add-opens="),
        s.toString());
    assertEquals("127.0.0.1", s.get("spark.executorEnv.SPARK_LOCAL_IP"));
    assertEquals("127.0.0.1", s.get("spark.yarn.appMasterEnv.SPARK_LOCAL_IP"));
  }

  /**
   * A cluster-mode driver on YARN runs from {@code __app__.jar} in the application master's
   * container, with no cluster jar beside it; YARN puts that jar on every executor's class path.
   */
  @Test
  void aYarnClusterModeDriverLeavesTheApplicationJarToYarn() {
    Map<String, String> s = ExecutorSettings.forMaster("yarn",
        new SparkConf(false).set("spark.submit.deployMode", "cluster"),
        driver(Optional.empty(), true));
    assertFalse(s.containsKey("spark.jars"), s.toString());
    assertEquals("local:/m2/spark-core_2.13-4.2.0.jar,local:/m2/spark-yarn_2.13-4.2.0.jar",
        s.get("spark.yarn.jars"));
    assertThrows(IllegalStateException.class, () -> ExecutorSettings.forMaster("yarn",
        new SparkConf(false).set("spark.submit.deployMode", "client"),
        driver(Optional.empty(), true)));
  }

  @Test
  void aRemoteYarnGetsTheSparkJarsUploadedAndKeepsItsKernel() {
    Map<String, String> s = ExecutorSettings.forMaster("yarn", new SparkConf(false),
        driver(JAR, false));
    assertEquals("/m2/spark-core_2.13-4.2.0.jar,/m2/spark-yarn_2.13-4.2.0.jar",
        s.get("spark.yarn.jars"));
    assertFalse(s.containsKey("spark.executorEnv.OPENBLAS_CORETYPE"), s.toString());
    assertFalse(s.containsKey("spark.executorEnv.SPARK_LOCAL_IP"), s.toString());
  }

  @Test
  void aSparkArchiveOrJarsGivenForYarnWin() {
    for (String key : List.of("spark.yarn.jars", "spark.yarn.archive")) {
      Map<String, String> s = ExecutorSettings.forMaster("yarn",
          new SparkConf(false).set(key, "hdfs:///spark/libs"), driver(JAR, true));
      assertFalse(s.containsKey("spark.yarn.jars"), key + ": " + s);
    }
    assertFalse(ExecutorSettings.forMaster("spark://127.0.0.1:7077", new SparkConf(false),
        driver(JAR, true)).containsKey("spark.yarn.jars"));
  }

  @Test
  void theResourceManagersHostDecidesWhetherYarnIsOnThisMachine() {
    org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration(false);
    assertEquals("0.0.0.0", ExecutorSettings.resourceManagerHost(c));
    c.set("yarn.resourcemanager.hostname", "rm.example.org");
    assertEquals("rm.example.org", ExecutorSettings.resourceManagerHost(c));
    c.set("yarn.resourcemanager.address", "localhost:41234");
    assertEquals("localhost", ExecutorSettings.resourceManagerHost(c));
    assertTrue(ExecutorSettings.isLoopback("localhost"));
    assertTrue(ExecutorSettings.isLoopback("127.0.0.1"));
    assertTrue(ExecutorSettings.isLoopback("0.0.0.0"));
    assertFalse(ExecutorSettings.isLoopback("10.0.0.5"));
  }

  @Test
  void withoutAClusterJarTheErrorSaysHowToBuildIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        ExecutorSettings.forMaster("spark://127.0.0.1:7077", new SparkConf(false),
            driver(Optional.empty(), true)));
    assertTrue(e.getMessage().contains("mvn -DskipTests package"), e.getMessage());
  }

  @Test
  void theBuildWritesPomsFlagsIntoTheJar() {
    ExecutorSettings.JvmFlags flags = ExecutorSettings.JvmFlags.load();
    assertTrue(flags.options().contains("--add-opens=java.base/java.nio=ALL-UNNAMED"),
        flags.toString());
    assertTrue(flags.options().stream().anyMatch(o -> o.startsWith("-Djava.library.path=/")),
        flags.toString());
    assertTrue(flags.openBlasDir().startsWith("/"), flags.toString());
  }
}
