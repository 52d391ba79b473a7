package org.bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.UsesCifar10;
import org.bnsweep.config.Settings;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.sweep.SweepPlan;
import org.bnsweep.sweep.SweepRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection (issue 9): real processes, real signals, loopback only. Every scenario runs
 * the sweep of {@code cluster-it.conf} (8 trials of about 2 s) while it is disturbed, and then
 * checks the table against an undisturbed local[2] run of the same sweep in this JVM: exactly
 * one row per planned trial, the metrics bit for bit, no temporary file left, and a sentinel
 * process and file beside the sweep's folders untouched. Each scenario prints one summary line
 * ({@code fault-injection: ...}); the children's output is kept in
 * {@code target/it-logs/fault-injection/}.
 *
 * <p>Kill moments come from a {@link Random} seeded by {@code -Dbnsweep.faults.seed} (printed,
 * so that a run can be repeated). HDFS writers racing for one trial are covered by {@code
 * org.bnsweep.results.HdfsResultsTableTest}.
 */
@UsesCifar10
class FaultInjectionIT {
  static final long SEED = Long.getLong("bnsweep.faults.seed", 9L);
  static final Path CONF = StandaloneSweepIT.IT_CONF;
  static final String SWEEP = StandaloneSweepIT.IT_SWEEP;
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
  static final Path LOGS = LocalCluster.ROOT.resolve("target/it-logs/fault-injection");
  /** Kills of the cluster scenario: executors mostly, then drivers, and a worker. */
  static final int CLUSTER_KILLS = 12;

  static SparkSession spark;
  static Map<String, TrialTable.Metrics> reference;
  @TempDir static Path classDir;
  @TempDir Path dir;
  Random random;
  /** A process and a file that no scenario may touch. */
  Process sentinelProcess;
  Path sentinelFile;

  @BeforeAll
  static void referenceRun() throws IOException {
    assertTrue(Files.isRegularFile(LocalCluster.CLUSTER_JAR), LocalCluster.CLUSTER_JAR
        + " is missing: run the ITs with mvn verify");
    assertTrue(Fixtures.cifarPresent(), "no CIFAR-10 in " + Fixtures.cifarDir());
    LocalCluster.deleteTree(LOGS);
    Files.createDirectories(LOGS);
    spark = Fixtures.sparkSession("local[2]");
    Path table = classDir.resolve("reference");
    SweepPlan plan = SweepPlan.fromSettings(Settings.load(CONF,
        List.of("data.dir=\"" + Fixtures.cifarDir().toAbsolutePath() + "\""),
        SweepPlan.OPEN_SECTIONS)).withResults(table.toString());
    long start = System.nanoTime();
    new SweepRunner(spark, plan, new PrintStream(new ByteArrayOutputStream(), true)).run();
    reference = TrialTable.metrics(TrialTable.rows(spark, table, SWEEP));
    assertEquals(StandaloneSweepIT.IT_TRIALS, reference.size());
    System.out.printf("fault-injection: seed %d; reference run at local[2]: %d trials in %.1f s%n",
        SEED, reference.size(), LocalCluster.seconds(start));
  }

  @AfterAll
  static void stopSpark() {
    Fixtures.stopSpark(spark);
  }

  @BeforeEach
  void sentinels(org.junit.jupiter.api.TestInfo test) throws IOException {
    random = new Random(SEED ^ test.getDisplayName().hashCode());
    sentinelProcess = new ProcessBuilder("sleep", "900").start();
    sentinelFile = dir.resolve("sentinel.txt");
    Files.writeString(sentinelFile, "not the cluster's\n");
  }

  @AfterEach
  void stopSentinel() {
    sentinelProcess.destroyForcibly();
  }

  // ---------------------------------------------------------------- 1. a cluster under fire

  enum Victim { EXECUTOR, WORKER, DRIVER }

  @Test
  void clusterSweepSurvivesRandomKillsOfExecutorsWorkersAndDrivers() throws Exception {
    List<Victim> victims = new ArrayList<>(Collections.nCopies(CLUSTER_KILLS - 3,
        Victim.EXECUTOR));
    victims.addAll(List.of(Victim.DRIVER, Victim.DRIVER, Victim.WORKER));
    Collections.shuffle(victims, random);
    Path results = dir.resolve("trials");
    int generation = 0;
    int drivers = 1;
    LocalCluster cluster = LocalCluster.start("fault-injection/cluster-0", dir.resolve("cluster-0"), 2);
    List<String> log = new ArrayList<>();
    int kills = 0;
    int executorsKilled = 0;
    try {
      Submission driver = submit(cluster, "driver-1", results);
      for (Victim victim : victims) {
        if (!driver.isAlive()) {
          // It ended by itself (done, or given up): a new driver resumes whatever is missing.
          log.add("driver exited with " + driver.process().exitValue());
          if (driver.process().exitValue() == 0) {
            break;
          }
          driver = submit(cluster, "driver-" + ++drivers, results);
        }
        switch (victim) {
          case EXECUTOR -> {
            List<LocalCluster.Executor> running = awaitExecutors(cluster, driver);
            if (running.isEmpty()) {
              continue;
            }
            Thread.sleep(millisBetween(300, 2500));
            running = cluster.executors();
            if (running.isEmpty() || !driver.isAlive()) {
              continue;
            }
            LocalCluster.Executor e = running.get(random.nextInt(running.size()));
            ProcessHandle.of(e.pid()).ifPresent(LocalCluster::kill);
            executorsKilled++;
            log.add("executor " + e.id() + " of worker-" + e.worker());
          }
          case DRIVER -> {
            Thread.sleep(millisBetween(1000, 9000));
            if (!driver.isAlive()) {
              continue;
            }
            driver.killDriver();
            log.add("driver " + drivers);
            cluster.awaitNoExecutors(Duration.ofSeconds(60));
            driver = submit(cluster, "driver-" + ++drivers, results);
          }
          case WORKER -> {
            awaitExecutors(cluster, driver);
            Thread.sleep(millisBetween(300, 2500));
            int worker = 1 + random.nextInt(2);
            executorsKilled += cluster.killWorker(worker).size();
            log.add("worker-" + worker);
            // bnsweep cluster restarts no single worker: stop the rest (and the driver it
            // now lacks), start a new cluster, submit again.
            cluster.close();
            cluster = null;
            generation++;
            cluster = LocalCluster.start("fault-injection/cluster-" + generation,
                dir.resolve("cluster-" + generation), 2);
            driver = submit(cluster, "driver-" + ++drivers, results);
          }
          default -> throw new IllegalStateException(victim.toString());
        }
        kills++;
      }
      int exit = driver.await(RUN_TIMEOUT);
      if (exit != 0) {
        // A driver may give up on its own (e.g. the master removed its application after
        // many executor losses): the sweep is resumed, as a user would.
        log.add("driver exited with " + exit);
        driver = submit(cluster, "driver-" + ++drivers, results);
        assertEquals(0, driver.await(RUN_TIMEOUT), driver.output());
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
    System.out.printf("fault-injection: cluster kills (seed %d): %s; %d drivers, %d executors"
        + " killed in all%n", SEED, log, drivers, executorsKilled);
    assertTrue(kills >= 10, "only " + kills + " kills before the sweep ended: " + log);
    removeTemporaryFilesOfKilledWriters(results);
    verify("cluster kills", kills, results);
  }

  /** Submits the sweep; many retries, since every trial may lose several executors. */
  private Submission submit(LocalCluster cluster, String label, Path results)
      throws IOException {
    return cluster.submit(label, CONF, results, "spark.task.maxFailures=100");
  }

  /** The cluster's executors once one runs; none if the driver exits first (or after 90 s). */
  private static List<LocalCluster.Executor> awaitExecutors(LocalCluster cluster,
      Submission driver) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (driver.isAlive() && System.nanoTime() < deadline) {
      List<LocalCluster.Executor> running = cluster.executors();
      if (!running.isEmpty()) {
        return running;
      }
      Thread.sleep(100);
    }
    return List.of();
  }

  // ---------------------------------------------------------- 2. two sweeps into one table

  @Test
  void twoSweepsStartedAtOnceIntoOneTable() throws Exception {
    Path results = dir.resolve("trials");
    LocalSweep a = LocalSweep.start("concurrent-a", results, "local[1]");
    LocalSweep b = LocalSweep.start("concurrent-b", results, "local[1]");
    assertEquals(0, a.await(RUN_TIMEOUT), a.output());
    assertEquals(0, b.await(RUN_TIMEOUT), b.output());
    verify("two sweeps at once", 0, results);
  }

  // ------------------------------------------- 3. local runs interrupted, strays, full disk

  @Test
  void localSweepInterruptedKilledAndLitteredThenResumed() throws Exception {
    Path results = dir.resolve("trials");
    Path folder = TrialTable.sweepDir(results, SWEEP);
    List<String> log = new ArrayList<>();

    LocalSweep first = LocalSweep.start("interrupted", results, "local[2]");
    TrialTable.awaitMoreFiles(results, SWEEP, 0, first.asSubmission(), RUN_TIMEOUT);
    Thread.sleep(millisBetween(0, 2500));
    first.signal("INT");
    log.add("SIGINT: exit " + first.await(RUN_TIMEOUT));

    // A user's notes, a copy of a trial file and a truncated trial file.
    Map<String, FileTime> files = TrialTable.files(results, SWEEP);
    Path victim = folder.resolve(files.keySet().iterator().next());
    Path notes = folder.resolve("notes.txt");
    Files.writeString(notes, "lambda 1e-3 looks best\n");
    Path copy = folder.resolve(victim.getFileName().toString().replace(".parquet",
        " (copy).parquet"));
    Files.copy(victim, copy);
    byte[] whole = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(whole, whole.length / 2));
    Map<Path, byte[]> strays = Map.of(notes, Files.readAllBytes(notes), copy,
        Files.readAllBytes(copy));

    LocalSweep second = LocalSweep.start("killed", results, "local[2]");
    second.asSubmission().awaitOutput("sweep " + SWEEP + ":", RUN_TIMEOUT);
    Thread.sleep(millisBetween(0, 5000));
    second.signal("KILL");
    log.add("SIGKILL: exit " + second.await(RUN_TIMEOUT));

    LocalSweep third = LocalSweep.start("resumed", results, "local[2]");
    assertEquals(0, third.await(RUN_TIMEOUT), third.output());
    String out = third.output() + second.output();
    assertTrue(out.contains("moved unreadable trial file"), out);
    for (Map.Entry<Path, byte[]> s : strays.entrySet()) {
      assertTrue(java.util.Arrays.equals(s.getValue(), Files.readAllBytes(s.getKey())),
          s.getKey() + " was changed");
    }
    System.out.printf("fault-injection: local interrupts: %s%n", log);
    removeTemporaryFilesOfKilledWriters(results);
    verify("local interrupts", 2, results);
  }

  @Test
  void fullDiskFailsWithOneLineAndLeavesNoTemporaryFiles() throws Exception {
    Path disk = dir.resolve("disk");
    Files.createDirectories(disk);
    try (Tmpfs tmpfs = Tmpfs.mount(disk, "1m")) {
      Path results = disk.resolve("trials");
      tmpfs.fill(disk.resolve("filler"));
      LocalSweep full = LocalSweep.start("full-disk", results, "local[2]");
      int exit = full.await(RUN_TIMEOUT);
      String out = full.output();
      List<String> errors = out.lines().filter(l -> l.contains("error")).toList();
      System.out.printf("fault-injection: full disk: exit %d, %s%n", exit, errors);
      assertEquals(1, exit, out);
      assertEquals(1, errors.size(), out);
      assertTrue(errors.get(0).startsWith("bnsweep sweep: error: ")
          && errors.get(0).contains("No space left on device"), out);
      assertEquals(List.of(), temporaryFiles(results));

      tmpfs.resize("64m");
      LocalSweep later = LocalSweep.start("disk-with-space", results, "local[2]");
      assertEquals(0, later.await(RUN_TIMEOUT), later.output());
      verify("full disk", 0, results);
    }
  }

  // ------------------------------------------------------------------------- checks

  /**
   * Checks the table after a scenario and prints its summary line: one readable row per planned
   * trial, metrics as in the reference run, no temporary file; the sentinels untouched.
   */
  private void verify(String scenario, int kills, Path results) throws Exception {
    List<String> notices = new ArrayList<>();
    ResultsTable table = new ResultsTable(results.toString(),
        HadoopConf.of(spark.sparkContext().hadoopConfiguration())).withNotices(notices::add);
    Dataset<Row> rows = table.readSweep(spark, SWEEP);
    Map<String, TrialTable.Metrics> actual = TrialTable.metrics(rows);
    long rowCount = rows.count();
    Set<String> lost = new TreeSet<>(reference.keySet());
    lost.removeAll(actual.keySet());
    // Rows beyond one per trial, and trial files beyond one per trial (strays not counted).
    long trialFiles = TrialTable.files(results, SWEEP).keySet().stream()
        .filter(n -> n.matches("trial-[0-9a-f]{16}\\.parquet")).count();
    long duplicates = rowCount - actual.size() + (trialFiles - actual.size());
    List<String> leftovers = temporaryFiles(results);
    System.out.printf("fault-injection: %s: %d kills survived, %d rows lost, %d duplicates,"
        + " %d leftovers%n", scenario, kills, lost.size(), duplicates, leftovers.size());
    assertEquals(Set.of(), lost, "trials without a row");
    assertEquals(0, duplicates, "rows " + rowCount + ", trials " + actual.size());
    assertEquals(List.of(), leftovers);
    assertEquals(List.of("ok"), rows.select("status").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList());
    for (String id : reference.keySet()) {
      assertEquals(reference.get(id), actual.get(id), "metrics of trial " + id);
    }
    assertTrue(sentinelProcess.isAlive(), "the sentinel process was killed");
    assertEquals("not the cluster's\n", Files.readString(sentinelFile));
  }

  /**
   * A writer killed in the milliseconds it writes a trial's row leaves its temporary file, which
   * the next sweep removes once it is older than {@link ResultsTable#TEMPORARY_FILE_LIFETIME}
   * (a younger one may belong to a live writer). If the kills left any, they are made that old
   * and the sweep is run again, which must remove them (and nothing else).
   */
  private void removeTemporaryFilesOfKilledWriters(Path results) throws Exception {
    Path folder = TrialTable.sweepDir(results, SWEEP);
    List<String> left = temporaryFiles(folder);
    if (left.isEmpty()) {
      return;
    }
    FileTime old = FileTime.from(Instant.now().minus(ResultsTable.TEMPORARY_FILE_LIFETIME)
        .minusSeconds(60));
    for (String name : left) {
      Files.setLastModifiedTime(folder.resolve(name), old);
    }
    LocalSweep cleanup = LocalSweep.start("cleanup", results, "local[2]");
    assertEquals(0, cleanup.await(RUN_TIMEOUT), cleanup.output());
    assertTrue(cleanup.output().contains("removed " + left.size() + " temporary files"),
        cleanup.output());
    System.out.printf("fault-injection: %d temporary files of killed writers %s, removed by"
        + " the next sweep once older than %d min%n", left.size(), left,
        ResultsTable.TEMPORARY_FILE_LIFETIME.toMinutes());
  }

  /** Our temporary files (and write probes) anywhere under the table, checkpoints included. */
  static List<String> temporaryFiles(Path results) throws IOException {
    if (!Files.exists(results)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(results)) {
      return all.map(p -> results.relativize(p).toString())
          .filter(n -> n.matches("(.*/)?\\.\\.?(tmp|probe)-[^/]*")).sorted().toList();
    }
  }

  private long millisBetween(int from, int to) {
    return from + random.nextInt(to - from + 1);
  }

  /** {@code submit/bnsweep sweep} in local mode, as a child process (the script execs java). */
  record LocalSweep(String label, Process process, Path outputFile, long startNanos) {
    static LocalSweep start(String label, Path results, String master) throws IOException {
      Path out = LOGS.resolve(label + ".out");
      ProcessBuilder b = new ProcessBuilder(LocalCluster.ROOT.resolve("submit/bnsweep")
          .toString(), "sweep", CONF.toString(), "--results", results.toString(),
          "--master", master).directory(LocalCluster.ROOT.toFile())
          .redirectErrorStream(true).redirectOutput(out.toFile());
      b.environment().put("BNSWEEP_HEAP", "1g");
      b.environment().put("BNSWEEP_DATA_DIR", Fixtures.cifarDir().toAbsolutePath().toString());
      return new LocalSweep(label, b.start(), out, System.nanoTime());
    }

    Submission asSubmission() {
      return new Submission(label, process, outputFile, startNanos);
    }

    int await(Duration timeout) throws IOException, InterruptedException {
      return asSubmission().await(timeout);
    }

    String output() throws IOException {
      return Files.readString(outputFile);
    }

    /** Sends a signal (INT, KILL) to the sweep's JVM. */
    void signal(String name) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-s", name, String.valueOf(process.pid()))
          .inheritIO().start();
      assertEquals(0, kill.waitFor(), "kill -s " + name + " " + process.pid());
      System.out.printf("[%s] SIG%s after %.1f s%n", label, name,
          LocalCluster.seconds(startNanos));
    }
  }

  /** A small tmpfs of our own (we run as root in CI), unmounted on close. */
  record Tmpfs(Path mountPoint) implements AutoCloseable {
    static Tmpfs mount(Path at, String size) throws IOException, InterruptedException {
      run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString());
      return new Tmpfs(at);
    }

    /** Writes {@code file} until the file system has no space left. */
    void fill(Path file) throws IOException {
      byte[] block = new byte[4096];
      try (var out = Files.newOutputStream(file)) {
        while (true) {
          out.write(block);
        }
      } catch (IOException e) {
        if (!String.valueOf(e.getMessage()).contains("No space left")) {
          throw e;
        }
      }
    }

    void resize(String size) throws IOException, InterruptedException {
      run("mount", "-o", "remount,size=" + size, mountPoint.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
      run("umount", mountPoint.toString());
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
    }
  }
}
