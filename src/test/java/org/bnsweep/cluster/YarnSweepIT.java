package org.bnsweep.cluster;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.UsesCifar10;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on a real YARN cluster (issue 21): a {@link MiniHadoop} in this JVM (HDFS and a
 * ResourceManager with two NodeManagers, all on loopback), and the commands of docs/cluster.md
 * run against it as a user runs them, with {@code HADOOP_CONF_DIR} pointing at the folder the
 * cluster wrote: {@code submit/bnsweep sweep --master yarn} (client mode; the executors are YARN
 * containers) with the table on {@code hdfs://}, then {@code query} and {@code report} on that
 * table. Every run is compared with a local[2] run of the same sweep in this JVM, bit for bit.
 * The sweep is that of {@code cluster-it.conf} (8 trials of about 2 s on one core). The drivers'
 * output is kept in {@code target/it-logs/yarn/}, the containers' logs in
 * {@code target/test/data/yarn-it/}.
 */
@UsesCifar10
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnSweepIT {
  static final Path CONF = StandaloneSweepIT.IT_CONF;
  static final String SWEEP = StandaloneSweepIT.IT_SWEEP;
  static final int TRIALS = StandaloneSweepIT.IT_TRIALS;
  static final Duration TIMEOUT = Duration.ofMinutes(3);
  static final Path LOGS = LocalCluster.ROOT.resolve("target/it-logs/yarn");
  /**
   * The Spark settings of every sweep: two one-core executors, each in its own container, and
   * no Spark UI: on Spark 4.2.0 the UI's start raced with YARN's web proxy filter once in CI (a
   * ConcurrentModificationException in Jetty's ServletHandler, SparkContext not started), a
   * failure of Spark's UI, not of the sweep this test is about (docs/cluster.md says so).
   */
  static final List<String> SPARK = List.of("spark.executor.instances=2",
      "spark.executor.cores=1", "spark.executor.memory=1g", "spark.ui.enabled=false");
  /** "Trial grid/ID reached the highest" of report.md. */
  static final Pattern BEST = Pattern.compile("Trial grid/([0-9a-f]{16}) reached the highest");

  @TempDir static Path dir;
  static MiniHadoop hadoop;
  static SparkSession spark;
  static Map<String, TrialTable.Metrics> expected;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    LocalCluster.assertClusterJarCurrent();
    assertTrue(Fixtures.cifarPresent(), "no CIFAR-10 in " + Fixtures.cifarDir());
    LocalCluster.deleteTree(LOGS);
    Files.createDirectories(LOGS);
    spark = Fixtures.sparkSession("local[2]");
    expected = TrialTable.localRun(spark, CONF, dir.resolve("local"));
    assertEquals(TRIALS, expected.size());
    hadoop = MiniHadoop.start("yarn-it", dir, 2);
    Files.createDirectories(LOGS.resolve("hadoop-conf"));
    for (String site : List.of("core-site.xml", "yarn-site.xml")) {
      Files.copy(hadoop.confDir().resolve(site), LOGS.resolve("hadoop-conf").resolve(site));
    }
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
    if (hadoop != null) {
      hadoop.close();
    }
  }

  @Test
  @Order(1)
  void clientModeSweepWritesToHdfsAndQueryAndReportReadIt() throws Exception {
    String results = hadoop.hdfsUri() + "/bnsweep/client";
    Submission sweep = sweep("client-sweep", results);
    assertOnLoopback(awaitNotingExecutors(sweep), 2);
    assertEquals(0, sweep.await(Duration.ofSeconds(10)), sweep.output());

    Dataset<Row> rows = TrialTable.rows(spark, results, SWEEP);
    assertEachTrialOnceAndOk(rows, sweep);
    assertEquals(expected, TrialTable.metrics(rows));
    // Both executors trained (each in its own YARN container).
    assertEquals(2, rows.select("executor").distinct().count(), sweep.output());

    Submission query = bnsweep("client-query", List.of(), "query",
        "SELECT trial_id, val_accuracy FROM trials ORDER BY trial_id", "--json",
        "--results", results);
    assertEquals(0, query.await(TIMEOUT), query.output());
    Map<String, Double> queried = new TreeMap<>();
    Matcher m = Pattern.compile("\\{\"trial_id\":\"([0-9a-f]+)\",\"val_accuracy\":([^}]+)}")
        .matcher(query.output());
    while (m.find()) {
      queried.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    Map<String, Double> expectedVal = new TreeMap<>();
    expected.forEach((id, metrics) -> expectedVal.put(id, metrics.valAccuracy()));
    assertEquals(expectedVal, queried, query.output());

    Path out = dir.resolve("report");
    Submission report = bnsweep("client-report", List.of(), "report", "--results", results,
        "--out", out.toString());
    assertEquals(0, report.await(TIMEOUT), report.output());
    String md = Files.readString(out.resolve("report.md"));
    Matcher best = BEST.matcher(md);
    assertTrue(best.find(), md);
    double bestVal = expectedVal.values().stream().mapToDouble(Double::doubleValue).max()
        .orElseThrow();
    assertEquals(bestVal, expectedVal.get(best.group(1)), md);
  }

  @Test
  @Order(2)
  void sweepCompletesWhenAnExecutorContainerIsKilledMidTrial() throws Exception {
    String results = hadoop.hdfsUri() + "/bnsweep/killed";
    Submission sweep = sweep("killed-sweep", results);
    // Once the driver has counted the first finished trial, the executor that trained it has
    // its next trial, a few seconds long: kill that executor's JVM then.
    org.apache.hadoop.fs.Path first = awaitFirstTrialFile(results, sweep);
    String name = first.getName();
    String firstId = name.substring("trial-".length(), name.length() - ".parquet".length());
    sweep.awaitOutput("/" + TRIALS + "  " + firstId + " ", Duration.ofSeconds(60));
    String writer = row(first).getString("executor", 0);
    String victimId = writer.substring(0, writer.indexOf('@'));
    List<MiniHadoop.Executor> before = hadoop.executors();
    MiniHadoop.Executor victim = before.stream().filter(e -> e.id().equals(victimId))
        .findFirst().orElseThrow(() -> new AssertionError("no executor " + victimId + " in "
            + before));
    ProcessHandle handle = ProcessHandle.of(victim.pid()).orElseThrow();
    handle.destroyForcibly();
    handle.onExit().get(10, TimeUnit.SECONDS);
    System.out.printf("[yarn] SIGKILL to executor %s (pid %d, %s) after trial %s%n", victimId,
        victim.pid(), victim.container(), firstId);

    // YARN reports the container's exit; Spark's application master asks for another one.
    Set<String> seen = new TreeSet<>();
    before.forEach(e -> seen.add(e.id()));
    List<MiniHadoop.Executor> replacements = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (sweep.isAlive() && System.nanoTime() < deadline) {
      for (MiniHadoop.Executor e : hadoop.executors()) {
        if (seen.add(e.id())) {
          replacements.add(e);
        }
      }
      Thread.sleep(100);
    }
    assertEquals(0, sweep.await(Duration.ofSeconds(10)), sweep.output());

    Dataset<Row> rows = TrialTable.rows(spark, results, SWEEP);
    assertEachTrialOnceAndOk(rows, sweep);
    List<String> retried = rows.where(col("attempt").geq(1))
        .selectExpr("concat(trial_id, ' attempt ', attempt, ' on ', executor)").collectAsList()
        .stream().map(r -> r.getString(0)).toList();
    // The victim, with one core, was training one trial when killed: that one ran again.
    assertEquals(1, retried.size(), "trials retried:\n" + retried + "\n" + sweep.output());
    for (String r : retried) {
      assertFalse(r.endsWith(" on " + writer), r);
    }
    assertFalse(replacements.isEmpty(), "no executor container replaced " + victim + "; seen "
        + seen);
    assertFalse(replacements.stream().anyMatch(e -> e.container().equals(victim.container())),
        replacements.toString());
    assertOnLoopback(before, 2);
    assertOnLoopback(replacements, 1);
    assertEquals(expected, TrialTable.metrics(rows));
    System.out.printf("[yarn] killed: retried %s; replacement executors %s%n", retried,
        replacements);
  }

  @Test
  @Order(3)
  void clusterModeRunsTheDriverInAContainerWithTheSameRows() throws Exception {
    String results = hadoop.hdfsUri() + "/bnsweep/cluster";
    Submission submit = run("cluster-submit", "submit/spark-submit-sweep", List.of(),
        CONF.toString(), "--master", "yarn", "--deploy-mode", "cluster", "--num-executors", "2",
        "--executor-cores", "1", "--executor-memory", "1g", "--", "--results", results);
    assertOnLoopback(awaitNotingExecutors(submit), 2);
    assertEquals(0, submit.await(Duration.ofSeconds(10)), submit.output());

    Dataset<Row> rows = TrialTable.rows(spark, results, SWEEP);
    assertEachTrialOnceAndOk(rows, submit);
    assertEquals(expected, TrialTable.metrics(rows));
    // The driver's output is in a container's stdout (its application master's), not here.
    List<Path> drivers = hadoop.containerFiles("stdout").stream().filter(f -> {
      try {
        return Files.readString(f).contains("grid stage: " + TRIALS + " trials");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList();
    assertEquals(1, drivers.size(), "container stdout files with the sweep's output: "
        + drivers);
    assertFalse(submit.output().contains("grid stage:"), submit.output());
  }

  /** {@code submit/bnsweep sweep cluster-it.conf --master yarn --results RESULTS}. */
  private static Submission sweep(String label, String results) throws IOException {
    return bnsweep(label, SPARK, "sweep", CONF.toString(), "--master", "yarn", "--results",
        results);
  }

  /**
   * Runs {@code submit/bnsweep ARGS} as a user does, with HADOOP_CONF_DIR pointing at the
   * cluster's folder and {@code spark} as {@code -Dspark.*} options.
   */
  private static Submission bnsweep(String label, List<String> spark, String... args)
      throws IOException {
    return run(label, "submit/bnsweep", spark, args);
  }

  /** Runs {@code script ARGS} from the checkout, as {@link #bnsweep} does. */
  private static Submission run(String label, String script, List<String> spark,
      String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(LocalCluster.ROOT.resolve(script).toString()));
    cmd.addAll(List.of(args));
    Path out = LOGS.resolve(label + ".out");
    ProcessBuilder b = new ProcessBuilder(cmd).directory(LocalCluster.ROOT.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    Map<String, String> env = b.environment();
    env.put("HADOOP_CONF_DIR", hadoop.confDir().toString());
    env.put("BNSWEEP_DATA_DIR", Fixtures.cifarDir().toAbsolutePath().toString());
    env.put("BNSWEEP_HEAP", "2g");
    env.put("BNSWEEP_JAVA_OPTS", String.join(" ", spark.stream().map(s -> "-D" + s).toList()));
    System.out.printf("[yarn] %s: HADOOP_CONF_DIR=%s BNSWEEP_JAVA_OPTS=\"%s\" %s%n", label,
        hadoop.confDir(), env.get("BNSWEEP_JAVA_OPTS"), String.join(" ", cmd));
    return new Submission("yarn " + label, b.start(), out, System.nanoTime());
  }

  /** Polls the sweep's folder on HDFS until it holds a trial file; fails if the driver ends. */
  private static org.apache.hadoop.fs.Path awaitFirstTrialFile(String results,
      Submission driver) throws IOException, InterruptedException {
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(results, "sweep=" + SWEEP);
    FileSystem fs = folder.getFileSystem(hadoop.hdfsConf());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      if (fs.exists(folder)) {
        for (FileStatus f : fs.listStatus(folder)) {
          String n = f.getPath().getName();
          if (n.startsWith("trial-") && n.endsWith(".parquet")) {
            return f.getPath();
          }
        }
      }
      assertTrue(driver.isAlive(), "the driver exited before its first trial:\n"
          + driver.output());
      assertTrue(System.nanoTime() < deadline, "no trial file after " + TIMEOUT + ":\n"
          + driver.output());
      Thread.sleep(100);
    }
  }

  /** The row of a trial file on HDFS, read with parquet-hadoop (no Spark job). */
  private static Group row(org.apache.hadoop.fs.Path file) throws IOException {
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file)
        .withConf(hadoop.hdfsConf()).build()) {
      return reader.read();
    }
  }

  /**
   * Waits (at most {@link #TIMEOUT}) for {@code driver} to exit, noting every executor container
   * of the cluster meanwhile; returns them.
   */
  private static List<MiniHadoop.Executor> awaitNotingExecutors(Submission driver)
      throws InterruptedException {
    Map<String, MiniHadoop.Executor> seen = new TreeMap<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (driver.isAlive() && System.nanoTime() < deadline) {
      hadoop.executors().forEach(e -> seen.putIfAbsent(e.container(), e));
      Thread.sleep(100);
    }
    return List.copyOf(seen.values());
  }

  /**
   * At least {@code atLeast} executors, each told a driver on loopback (so the driver, in this
   * JVM's child or in the application master's container, bound to loopback, as every daemon
   * of the test does).
   */
  private static void assertOnLoopback(List<MiniHadoop.Executor> executors, int atLeast)
      throws UnknownHostException {
    assertTrue(executors.size() >= atLeast, "executors: " + executors);
    for (MiniHadoop.Executor e : executors) {
      URI driver = URI.create(e.driverUrl());
      assertTrue(InetAddress.getByName(driver.getHost()).isLoopbackAddress(), e.toString());
    }
  }

  private static void assertEachTrialOnceAndOk(Dataset<Row> rows, Submission driver)
      throws IOException {
    assertEquals(TRIALS, rows.count(), driver.output());
    assertEquals(TRIALS, rows.select("trial_id").distinct().count());
    assertEquals(List.of("ok"), rows.select("status").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList());
  }
}
