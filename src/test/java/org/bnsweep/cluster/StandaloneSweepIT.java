package org.bnsweep.cluster;

import org.bnsweep.UsesCifar10;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on a real Spark standalone cluster (issue 4): each test starts its own master and two
 * one-core workers on 127.0.0.1 (own folder, own ports) with {@code submit/bnsweep cluster},
 * runs {@code submit/bnsweep sweep --master} against it (client mode; the executors load the
 * shaded cluster jar), and checks the results table with a local[2] session of this JVM. The
 * kill tests use
 * {@code src/test/resources/cluster-it.conf}: 8 trials of a few seconds each, so that a worker
 * or the driver can be killed while trials run.
 */
@UsesCifar10
class StandaloneSweepIT {
  static final Path IT_CONF = LocalCluster.ROOT.resolve("src/test/resources/cluster-it.conf");
  static final String IT_SWEEP = "cluster-it";
  static final int IT_TRIALS = 8;
  static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(3);
  /** The driver's line at the start of the grid stage. */
  static final Pattern GRID_LINE = Pattern.compile(
      "\\[grid] grid stage: (\\d+) trials, (\\d+) already in the table, (\\d+) to train");

  static SparkSession spark;
  /** Metrics of the sweeps run at local[2] in this JVM, by conf file: computed once. */
  static final Map<Path, Map<String, TrialTable.Metrics>> LOCAL = new HashMap<>();
  @TempDir static Path classDir;
  @TempDir Path dir;
  LocalCluster cluster;
  /** This test's results table. */
  Path results;

  @BeforeAll
  static void startSpark() throws IOException {
    LocalCluster.assertClusterJarCurrent();
    assertTrue(Fixtures.cifarPresent(), "no CIFAR-10 in " + Fixtures.cifarDir());
    spark = Fixtures.sparkSession("local[2]");
  }

  @AfterEach
  void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  @Test
  void quickSweepWritesOneOkRowPerTrialFromExecutorsOfBothWorkers() throws Exception {
    startCluster("both-workers");
    // A relative --results, as users type it: the driver must qualify it against its own
    // working directory before executors (whose working directories are the workers') see it.
    Submission sweep = cluster.submit("sweep", LocalCluster.ROOT.resolve("conf/quick.conf"),
        results.getFileName().toString(), results.getParent());
    assertEquals(0, sweep.await(SWEEP_TIMEOUT), sweep.output());
    assertQuiet(sweep.output());

    // 4 coarse trials, then 3 around the best of them, one of which is that best: 6 trials.
    Dataset<Row> rows = TrialTable.rows(spark, results, "quick");
    assertEachTrialOnceAndOk(rows, 6, sweep);
    TreeSet<String> executors = new TreeSet<>();
    strings(rows.select("executor")).forEach(e -> executors.add(e.substring(0, e.indexOf('@'))));
    assertEquals(2, executors.size(), "executor ids " + executors + " of " + rows.count()
        + " trials");
    System.out.printf("both-workers: 6 trials on executors %s%n",
        strings(rows.groupBy("executor").count().selectExpr("concat(executor, ': ', count)")));
  }

  @Test
  void sweepCompletesWhenAWorkerAndItsExecutorAreKilledMidTrial() throws Exception {
    Map<String, TrialTable.Metrics> expected = localMetrics(IT_CONF);
    startCluster("worker-killed");
    Submission sweep = cluster.submit("sweep", IT_CONF, results);
    // Once the driver has counted the first finished trial (its progress line), the executor
    // that trained it has been given its next trial, a few seconds long: kill it then. (Killed
    // as soon as the file appears, it may not have reported the task yet; the retry then finds
    // the file and keeps it, which proves less.)
    String first = TrialTable.awaitMoreFiles(results, IT_SWEEP, 0, sweep, SWEEP_TIMEOUT)
        .keySet().iterator().next();
    String firstId = first.substring("trial-".length(), first.length() - ".parquet".length());
    sweep.awaitOutput("/" + IT_TRIALS + "  " + firstId + " ", Duration.ofSeconds(30));
    long seen = System.nanoTime();
    String writer = TrialTable.row(TrialTable.sweepDir(results, IT_SWEEP).resolve(first))
        .getString("executor", 0);
    String victimId = writer.substring(0, writer.indexOf('@'));
    LocalCluster.Executor victim = cluster.executors().stream()
        .filter(e -> e.id().equals(victimId)).findFirst().orElseThrow();
    Set<String> libraries = LocalCluster.mappedLibraries(victim.pid());
    cluster.log("killing worker-%d and executor %s %.2f s after the driver counted trial %s",
        victim.worker(), victimId, LocalCluster.seconds(seen), firstId);
    List<LocalCluster.Executor> killed = cluster.killWorker(victim.worker());
    int filesAtKill = TrialTable.files(results, IT_SWEEP).size();
    // The executor trained with Debian's jblas and OpenBLAS (submit/setup), not jblas's own.
    if (Files.exists(Path.of("/usr/lib/jni/libjblas.so"))) {
      assertTrue(libraries.stream().anyMatch(l -> l.startsWith("/usr/lib/jni/libjblas"))
          && libraries.stream().anyMatch(l -> l.contains("openblas")), libraries.toString());
    }
    assertEquals(0, sweep.await(SWEEP_TIMEOUT), sweep.output());

    Dataset<Row> rows = TrialTable.rows(spark, results, IT_SWEEP);
    assertEachTrialOnceAndOk(rows, IT_TRIALS, sweep);
    // The trial that the killed executor was training ran again, as a later attempt elsewhere.
    List<String> retried = strings(rows.where(col("attempt").geq(1))
        .selectExpr("concat(trial_id, ' attempt ', attempt, ' on ', executor)"));
    assertFalse(retried.isEmpty(), "no trial was retried:\n" + sweep.output());
    for (String r : retried) {
      assertFalse(r.endsWith(" on " + writer), r);
    }
    assertEquals(expected, TrialTable.metrics(rows));
    System.out.printf("worker-killed: killed %s; %d trial files after the kill; retried: %s;"
            + " executors: %s; hidden files left: %s%n", killed, filesAtKill, retried,
        strings(rows.groupBy("executor").count().selectExpr("concat(executor, ': ', count)")),
        TrialTable.hiddenFiles(results, IT_SWEEP));
  }

  @Test
  void restartedDriverResumesWithoutRetrainingFinishedTrials() throws Exception {
    Map<String, TrialTable.Metrics> expected = localMetrics(IT_CONF);
    startCluster("driver-killed");
    Submission first = cluster.submit("first", IT_CONF, results);
    Map<String, FileTime> before = TrialTable.awaitMoreFiles(results, IT_SWEEP, 1, first,
        SWEEP_TIMEOUT);
    first.killDriver();
    assertTrue(before.size() < IT_TRIALS, "the sweep ended before the driver was killed");
    Matcher firstStage = GRID_LINE.matcher(first.output());
    assertTrue(firstStage.find(), first.output());
    assertEquals("0", firstStage.group(2));
    Map<String, Long> startedBefore = new TreeMap<>();
    for (String name : before.keySet()) {
      startedBefore.put(name, TrialTable.row(TrialTable.sweepDir(results, IT_SWEEP)
          .resolve(name)).getLong("started_at", 0));
    }
    // Without their driver the executors exit (and the master frees their cores).
    cluster.awaitNoExecutors(Duration.ofSeconds(60));
    int filesBetween = TrialTable.files(results, IT_SWEEP).size();

    Submission second = cluster.submit("second", IT_CONF, results);
    assertEquals(0, second.await(SWEEP_TIMEOUT), second.output());
    Matcher stage = GRID_LINE.matcher(second.output());
    assertTrue(stage.find(), second.output());
    int planned = Integer.parseInt(stage.group(1));
    int reused = Integer.parseInt(stage.group(2));
    assertEquals(IT_TRIALS, planned);
    assertTrue(reused >= before.size(), reused + " trials reused, " + before.size()
        + " were in the table before the kill");
    assertEquals(IT_TRIALS - reused, Integer.parseInt(stage.group(3)));

    // The trials finished before the kill kept their files and rows: not trained again.
    Map<String, FileTime> after = TrialTable.files(results, IT_SWEEP);
    for (Map.Entry<String, FileTime> f : before.entrySet()) {
      assertEquals(f.getValue(), after.get(f.getKey()), f.getKey() + " was rewritten");
    }
    Dataset<Row> rows = TrialTable.rows(spark, results, IT_SWEEP);
    Map<String, Long> startedAfter = new TreeMap<>();
    for (Row r : rows.selectExpr("trial_id", "unix_millis(started_at)").collectAsList()) {
      String name = "trial-" + r.getString(0) + ".parquet";
      if (startedBefore.containsKey(name)) {
        startedAfter.put(name, r.getLong(1));
      }
    }
    assertEquals(startedBefore, startedAfter);
    assertEachTrialOnceAndOk(rows, IT_TRIALS, second);
    assertEquals(expected, TrialTable.metrics(rows));
    System.out.printf("driver-killed: %d trial files when the driver was killed, %d when its"
            + " executors were gone; the second driver: %s%n", before.size(), filesBetween,
        stage.group());
  }

  @Test
  void clusterMetricsEqualThoseOfALocalRunTrialByTrial() throws Exception {
    Map<String, TrialTable.Metrics> expected = localMetrics(IT_CONF);
    assertEquals(IT_TRIALS, expected.size());
    startCluster("metrics");
    Submission sweep = cluster.submit("sweep", IT_CONF, results);
    assertEquals(0, sweep.await(SWEEP_TIMEOUT), sweep.output());
    Dataset<Row> rows = TrialTable.rows(spark, results, IT_SWEEP);
    assertEachTrialOnceAndOk(rows, IT_TRIALS, sweep);
    Map<String, TrialTable.Metrics> actual = TrialTable.metrics(rows);
    assertEquals(expected.keySet(), actual.keySet());
    // Bit for bit: the same seeds, data and BLAS give the same doubles on any executor.
    for (String id : expected.keySet()) {
      assertEquals(expected.get(id), actual.get(id), "trial " + id);
    }
    assertEquals(2, rows.select("executor").distinct().count());
  }

  private void startCluster(String name) throws IOException {
    cluster = LocalCluster.start(name, dir, 2);
    results = dir.resolve("trials");
  }

  /**
   * The driver printed no Spark INFO line before the sweep's first line and no ERROR at all
   * (after a successful sweep, Spark's shutdown logged errors of closed connections).
   */
  private static void assertQuiet(String output) {
    List<String> lines = output.lines().toList();
    int first = 0;
    while (first < lines.size() && !lines.get(first).startsWith("sweep ")) {
      first++;
    }
    for (String line : lines.subList(0, first)) {
      assertFalse(line.contains(" INFO ") || line.contains("log4j"), line + "\n" + output);
    }
    // Also a stack trace without a log line: Spark prints some with printStackTrace (a
    // RejectedExecutionException when a broadcast's removal was still on its way at the stop).
    assertTrue(lines.stream().noneMatch(l -> l.contains(" ERROR ") || l.contains("Exception")
        || l.startsWith("\tat ")), output);
  }

  /** Rows == distinct trial ids == {@code trials} (hidden files of killed attempts unread). */
  private static void assertEachTrialOnceAndOk(Dataset<Row> rows, int trials, Submission driver)
      throws IOException {
    assertEquals(trials, rows.count(), driver.output());
    assertEquals(trials, rows.select("trial_id").distinct().count());
    assertEquals(List.of("ok"), strings(rows.select("status").distinct()));
  }

  /** The sweep of {@code conf} run at local[2] in this JVM, before any cluster of its test. */
  static Map<String, TrialTable.Metrics> localMetrics(Path conf) {
    return LOCAL.computeIfAbsent(conf,
        c -> TrialTable.localRun(spark, c, classDir.resolve("local-" + LOCAL.size())));
  }

  private static List<String> strings(Dataset<Row> oneColumn) {
    return oneColumn.collectAsList().stream().map(r -> String.valueOf(r.get(0))).sorted()
        .toList();
  }
}
