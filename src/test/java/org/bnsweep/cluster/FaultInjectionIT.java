package org.bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Optional;
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
 * Fault injection (issues 9 and 18): real processes, real signals, loopback only. Every
 * scenario runs the sweep of {@code fault-injection.conf} (8 trials of 3 cycles, about 3 s
 * each) while it is disturbed, and then checks the table as the scenario left it, before any
 * clean-up, against an undisturbed local[2] run of the same sweep in this JVM: every Parquet
 * file under the sweep's folder read with a plain reader gives exactly one row per planned
 * trial, the metrics are equal bit for bit, no file was moved aside, and a sentinel process and
 * file beside the sweep's folders are untouched. Only kills of live processes while a trial
 * trained are counted. Each scenario prints one summary line ({@code fault-injection: ...}:
 * kills of training processes, trials resumed from a checkpoint, rows lost, duplicates, files
 * moved aside, leftovers); the children's output is kept in
 * {@code target/it-logs/fault-injection/}.
 *
 * <p>Kill moments come from a {@link Random} seeded by {@code -Dbnsweep.faults.seed} (printed,
 * so that a run can be repeated). HDFS writers racing for one trial are covered by {@code
 * org.bnsweep.results.HdfsResultsTableTest}.
 */
@UsesCifar10
class FaultInjectionIT {
  static final long SEED = Long.getLong("bnsweep.faults.seed", 9L);
  /** 8 trials of 3 cycles each, so that kills land around checkpoint writes. */
  static final Path CONF = LocalCluster.ROOT.resolve("src/test/resources/fault-injection.conf");
  static final String SWEEP = "fault-injection";
  static final int TRIALS = 8;
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
  static final Path LOGS = LocalCluster.ROOT.resolve("target/it-logs/fault-injection");
  /** Kills of the cluster scenario: executors mostly, and two drivers. */
  static final int CLUSTER_KILLS = 12;
  /** Of those, how many must have hit a live process while a trial trained. */
  static final int TRAINING_KILLS = 10;

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
    new SweepRunner(spark.sparkContext(), plan, new PrintStream(new ByteArrayOutputStream(), true)).run();
    reference = TrialTable.metrics(TrialTable.rows(spark, table, SWEEP));
    assertEquals(TRIALS, reference.size());
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

  /**
   * Whom a kill hits: an executor at a random moment of its trial (mostly before its first
   * checkpoint), the executors training when a trial has just stored a checkpoint (so that the
   * trial must continue from it), or the driver.
   */
  enum Victim { EXECUTOR, EXECUTORS_AFTER_A_CHECKPOINT, DRIVER }

  /**
   * SIGKILLs of executors and drivers while they train, at random moments of a trial (before,
   * during or after one of its checkpoint writes). Each kill waits for an executor whose log
   * shows a task running, and counts only if its victim was alive; a killed driver is submitted
   * again, and trials continue from their checkpoints.
   */
  @Test
  void clusterSweepSurvivesKillsOfTrainingExecutorsAndDrivers() throws Exception {
    List<Victim> victims = new ArrayList<>(Collections.nCopies(CLUSTER_KILLS - 5,
        Victim.EXECUTOR));
    victims.addAll(Collections.nCopies(3, Victim.EXECUTORS_AFTER_A_CHECKPOINT));
    victims.addAll(List.of(Victim.DRIVER, Victim.DRIVER));
    Collections.shuffle(victims, random);
    Scenario s = new Scenario("cluster kills");
    s.executorLogs.add(dir);
    Path results = dir.resolve("trials");
    List<String> log = new ArrayList<>();
    int drivers = 1;
    try (LocalCluster cluster = LocalCluster.start("fault-injection/cluster",
        dir.resolve("cluster"), 2)) {
      Submission driver = submit(cluster, "driver-1", results, s);
      // The kills end with the sweep; this only bounds a sweep that never ends (several drivers
      // of up to RUN_TIMEOUT each, on a loaded machine).
      long deadline = System.nanoTime() + 3 * RUN_TIMEOUT.toNanos();
      long start = System.nanoTime();
      // Kills go on, in the shuffled order of victims, until 12 have hit live training
      // processes or the sweep ends: the trials' pace varies with the machine's load.
      for (int v = 0; s.trainingKills < CLUSTER_KILLS && System.nanoTime() < deadline; ) {
        Victim victim = victims.get(v % victims.size());
        String at = String.format(java.util.Locale.ROOT, "%.0fs ", LocalCluster.seconds(start));
        if (!driver.isAlive()) {
          // It ended by itself: done, or given up (e.g. the master removed its application
          // after many executor losses); a new driver resumes, as a user would.
          log.add("driver exited with " + driver.process().exitValue());
          if (driver.process().exitValue() == 0) {
            break;
          }
          driver = submit(cluster, "driver-" + ++drivers, results, s);
        }
        Optional<LocalCluster.Executor> training = awaitTrainingExecutor(cluster, driver);
        if (victim == Victim.EXECUTORS_AFTER_A_CHECKPOINT) {
          if (training.isEmpty()) {
            continue;
          }
          if (!awaitNewCheckpoint(results, driver)) {
            log.add(at + "no new checkpoint while the driver ran (60 s at most)");
            continue;
          }
          // Within the next cycle (200 updates, about 1 s on an idle core), some during the
          // next checkpoint's write: every executor that trains then dies, so the one whose
          // trial stored that checkpoint does too, and its trial resumes from it.
          Thread.sleep(millisBetween(0, 1000));
          List<LocalCluster.Executor> busy = cluster.executors().stream()
              .filter(LocalCluster.Executor::runsATask).toList();
          int killed = 0;
          for (LocalCluster.Executor e : busy) {
            if (killIfAlive(e.pid())) {
              killed++;
              log.add(at + "executor " + e.id() + " of worker-" + e.worker()
                  + " after a checkpoint");
            }
          }
          s.trainingKills += killed;
          v += killed > 0 ? 1 : 0;
          continue;
        }
        // Up to about one cycle (200 updates, 1 s on an idle core): kills land anywhere in a
        // cycle, and 12 of them fit in the sweep even when it runs alone on an idle machine.
        Thread.sleep(millisBetween(200, 1500));
        if (training.isEmpty() || !driver.isAlive()) {
          continue;
        }
        if (victim == Victim.EXECUTOR) {
          Optional<LocalCluster.Executor> busy = pick(cluster.executors().stream()
              .filter(LocalCluster.Executor::runsATask).toList());
          if (busy.isPresent() && killIfAlive(busy.get().pid())) {
            s.trainingKills++;
            v++;
            log.add(at + "executor " + busy.get().id() + " of worker-" + busy.get().worker());
          }
        } else if (cluster.executors().stream().anyMatch(LocalCluster.Executor::runsATask)
            && killIfAlive(driver.process().pid())) {
          s.trainingKills++;
          v++;
          log.add(at + "driver " + drivers);
          cluster.awaitNoExecutors(Duration.ofSeconds(60));
          driver = submit(cluster, "driver-" + ++drivers, results, s);
        }
      }
      int exit = driver.await(RUN_TIMEOUT);
      if (exit != 0) {
        // A driver may give up on its own (e.g. the master removed its application after
        // many executor losses): the sweep is resumed, as a user would.
        log.add("driver exited with " + exit);
        driver = submit(cluster, "driver-" + ++drivers, results, s);
        assertEquals(0, driver.await(RUN_TIMEOUT), driver.output());
      }
    }
    System.out.printf("fault-injection: cluster kills (seed %d): %s; %d drivers%n", SEED, log,
        drivers);
    assertTrue(s.trainingKills >= TRAINING_KILLS, "only " + s.trainingKills + " kills of"
        + " training processes before the sweep ended: " + log);
    assertFalse(resumedTrials(s).isEmpty(), "no trial continued from a checkpoint");
    verify(s, results);
    cleanUp(s, results);
  }

  /**
   * Submits the sweep; many retries, since every trial may lose several executors. Its
   * executors log when each task starts and ends ({@link LocalCluster#EXECUTOR_LOG_CONF}).
   */
  private Submission submit(LocalCluster cluster, String label, Path results, Scenario s)
      throws IOException {
    Submission driver = cluster.submit(label, CONF, results, "spark.task.maxFailures=100",
        "spark.executor.extraJavaOptions=-Dlog4j2.configurationFile="
            + LocalCluster.EXECUTOR_LOG_CONF);
    s.outputs.add(driver.outputFile());
    return driver;
  }

  /**
   * An executor of the cluster that runs a task (trains), once one does; none if the driver
   * exits first (or after 90 s).
   */
  private static Optional<LocalCluster.Executor> awaitTrainingExecutor(LocalCluster cluster,
      Submission driver) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (driver.isAlive() && System.nanoTime() < deadline) {
      List<LocalCluster.Executor> busy = cluster.executors().stream()
          .filter(LocalCluster.Executor::runsATask).toList();
      if (!busy.isEmpty()) {
        return Optional.of(busy.get(0));
      }
      Thread.sleep(100);
    }
    return Optional.empty();
  }

  /**
   * Waits until some trial stores a checkpoint it did not have when this was called: true when
   * one does, false if the driver exits first (or after 60 s).
   */
  private static boolean awaitNewCheckpoint(Path results, Submission driver) throws Exception {
    Set<String> before = checkpoints(results);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (driver.isAlive() && System.nanoTime() < deadline) {
      Set<String> now = checkpoints(results);
      now.removeAll(before);
      if (!now.isEmpty()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** The checkpoints stored in the sweep's table ("trial id/cycles"), temporary files aside. */
  static Set<String> checkpoints(Path results) throws IOException {
    Path dir = results.resolve("_checkpoints").resolve(SWEEP);
    Set<String> found = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(f -> f.getFileName().toString().matches("\\d+"))
          .forEach(f -> found.add(dir.relativize(f).toString()));
    } catch (java.io.UncheckedIOException e) {
      // a trial's folder deleted as its trial ended: seen at the next poll
    }
    return found;
  }

  private <T> Optional<T> pick(List<T> among) {
    return among.isEmpty() ? Optional.empty()
        : Optional.of(among.get(random.nextInt(among.size())));
  }

  /**
   * SIGKILLs the process and waits until it is gone; true only if it was alive when killed
   * (a kill of a process that had already exited hits nothing).
   */
  private static boolean killIfAlive(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    h.ifPresent(LocalCluster::kill);
    return h.isPresent();
  }

  // -------------------------------------------------------- 2. a worker lost, then back

  /**
   * A worker (and its executor) SIGKILLed while it trains: the sweep carries on with the other
   * worker, the worker is started again as it was, the master gives the same driver an
   * executor on it, and the sweep ends with that driver; the cluster is never restarted.
   */
  @Test
  void workerKilledWhileTrainingThenStartedAgainWithoutRestartingTheCluster() throws Exception {
    Scenario s = new Scenario("worker kill");
    s.executorLogs.add(dir);
    Path results = dir.resolve("trials");
    try (LocalCluster cluster = LocalCluster.start("fault-injection/worker",
        dir.resolve("cluster"), 2)) {
      ProcessHandle master = ProcessHandle.of(cluster.daemonPid("master")).orElseThrow();
      Submission driver = submit(cluster, "driver", results, s);
      LocalCluster.Executor victim = null;
      while (victim == null || !victim.runsATask()) {
        awaitTrainingExecutor(cluster, driver).orElseThrow(() -> new AssertionError(
            "no executor trained before the driver exited"));
        Thread.sleep(millisBetween(300, 2500));
        victim = pick(cluster.executors().stream()
            .filter(LocalCluster.Executor::runsATask).toList()).orElse(null);
      }
      int worker = victim.worker();
      LocalCluster.Launch launch = cluster.launchOf("worker-" + worker);
      if (cluster.killWorker(worker).contains(victim)) {
        s.trainingKills++;
      }
      // Spark carries on with the other worker: a trial ends while this one is gone.
      int files = TrialTable.files(results, SWEEP).size();
      TrialTable.awaitMoreFiles(results, SWEEP, files, driver, RUN_TIMEOUT);
      assertTrue(cluster.executors().stream().noneMatch(e -> e.worker() == worker));

      cluster.restart("worker-" + worker, launch);
      LocalCluster.Executor back = awaitExecutorOn(cluster, worker, driver);
      assertEquals(0, driver.await(RUN_TIMEOUT), driver.output());
      assertTrue(master.isAlive(), "the master was restarted");
      System.out.printf("fault-injection: worker kill: worker-%d and executor %s killed while"
          + " training; the driver carried on; worker-%d started again, executor %s on it; one"
          + " driver, one master throughout%n", worker, victim.id(), worker, back.id());
    }
    assertEquals(1, s.trainingKills, "the worker's executor was not killed while it trained");
    verify(s, results);
    cleanUp(s, results);
  }

  /** The first executor on {@code worker}; fails if the driver exits first or after 90 s. */
  private static LocalCluster.Executor awaitExecutorOn(LocalCluster cluster, int worker,
      Submission driver) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (driver.isAlive() && System.nanoTime() < deadline) {
      Optional<LocalCluster.Executor> e = cluster.executors().stream()
          .filter(x -> x.worker() == worker).findFirst();
      if (e.isPresent()) {
        return e.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no executor on worker-" + worker + " while the driver ran");
  }

  // ---------------------------------------------------------- 3. two sweeps into one table

  /**
   * Two sweeps started at once into one table: their training overlaps in time, both train and
   * try to publish the same trials (each prints a line for every trial it trained), and the
   * loser of each race returns without an error: one row per trial.
   */
  @Test
  void twoSweepsStartedAtOnceRaceForTheSameTrials() throws Exception {
    Scenario s = new Scenario("two sweeps at once");
    Path results = dir.resolve("trials");
    LocalSweep a = LocalSweep.start("concurrent-a", results, "local[1]");
    LocalSweep b = LocalSweep.start("concurrent-b", results, "local[1]");
    s.outputs.addAll(List.of(a.outputFile(), b.outputFile()));
    Map<LocalSweep, Span> training = watchTraining(List.of(a, b));
    assertEquals(0, a.await(RUN_TIMEOUT), a.output());
    assertEquals(0, b.await(RUN_TIMEOUT), b.output());

    Span ta = training.get(a);
    Span tb = training.get(b);
    Duration overlap = Duration.between(ta.start().isAfter(tb.start()) ? ta.start()
        : tb.start(), ta.end().isBefore(tb.end()) ? ta.end() : tb.end());
    Set<String> common = new TreeSet<>(trainedTrials(a.output()));
    common.retainAll(trainedTrials(b.output()));
    System.out.printf("fault-injection: two sweeps at once: training overlapped %.1f s; %d"
        + " trials trained and published by both, one row each%n", overlap.toMillis() / 1e3,
        common.size());
    assertTrue(overlap.toMillis() > 0, "no overlap: a " + ta + ", b " + tb);
    assertFalse(common.isEmpty(), "no trial trained by both:\n" + a.output() + b.output());
    for (LocalSweep x : List.of(a, b)) {
      assertEquals(List.of(), errorLines(x.output()), x.output());
    }
    verify(s, results);
    cleanUp(s, results);
  }

  /** When a sweep's grid stage began, and when its last trial ended, as seen by polling. */
  record Span(Instant start, Instant end) {}

  /**
   * Polls the sweeps' outputs every 50 ms until they exit: the time each one printed its
   * stage's first line (training starts) and its last trial's line (training ends).
   */
  private static Map<LocalSweep, Span> watchTraining(List<LocalSweep> sweeps) throws Exception {
    Map<LocalSweep, Instant> start = new java.util.HashMap<>();
    Map<LocalSweep, Instant> end = new java.util.HashMap<>();
    Map<LocalSweep, Integer> trialLines = new java.util.HashMap<>();
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (sweeps.stream().anyMatch(x -> x.process().isAlive())
        && System.nanoTime() < deadline) {
      for (LocalSweep x : sweeps) {
        String out = x.output();
        if (out.contains("grid stage:")) {
          start.putIfAbsent(x, Instant.now());
        }
        int n = trainedTrials(out).size();
        if (n > trialLines.getOrDefault(x, 0)) {
          trialLines.put(x, n);
          end.put(x, Instant.now());
        }
      }
      Thread.sleep(50);
    }
    Map<LocalSweep, Span> spans = new java.util.HashMap<>();
    for (LocalSweep x : sweeps) {
      assertTrue(start.containsKey(x) && end.containsKey(x), "no training seen:\n"
          + x.output());
      spans.put(x, new Span(start.get(x), end.get(x)));
    }
    return spans;
  }

  /** The trials a sweep trained: its progress lines "[grid] 3/8  ID ...". */
  static Set<String> trainedTrials(String output) {
    Set<String> ids = new TreeSet<>();
    java.util.regex.Matcher m = TRIAL_LINE.matcher(output);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  static final java.util.regex.Pattern TRIAL_LINE = java.util.regex.Pattern.compile(
      "(?m)^\\[grid] \\d+/\\d+  ([0-9a-f]{16}) ");

  // ------------------------------------------- 4. local runs interrupted, strays, full disk

  @Test
  void localSweepInterruptedKilledAndLitteredThenResumed() throws Exception {
    Scenario s = new Scenario("local interrupts");
    Path results = dir.resolve("trials");
    Path folder = TrialTable.sweepDir(results, SWEEP);
    List<String> log = new ArrayList<>();

    LocalSweep first = LocalSweep.start("interrupted", results, "local[2]");
    s.outputs.add(first.outputFile());
    TrialTable.awaitMoreFiles(results, SWEEP, 0, first.asSubmission(), RUN_TIMEOUT);
    if (signalWhileTraining(first, results, "INT", 2500)) {
      s.trainingKills++;
    }
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
    // The truncated file is the positive control of "moved aside": the next sweep must move
    // it (and train its trial again, under the same name, so its path is not left out).
    s.planted.addAll(List.of(notes, copy));
    s.plantedTorn.add(victim.getFileName().toString());

    LocalSweep second = LocalSweep.start("killed", results, "local[2]");
    s.outputs.add(second.outputFile());
    if (signalWhileTraining(second, results, "KILL", 5000)) {
      s.trainingKills++;
    }
    log.add("SIGKILL: exit " + second.await(RUN_TIMEOUT));

    LocalSweep third = LocalSweep.start("resumed", results, "local[2]");
    s.outputs.add(third.outputFile());
    assertEquals(0, third.await(RUN_TIMEOUT), third.output());
    String out = third.output() + second.output();
    assertTrue(out.contains("moved unreadable trial file"), out);
    for (Map.Entry<Path, byte[]> stray : strays.entrySet()) {
      assertTrue(java.util.Arrays.equals(stray.getValue(), Files.readAllBytes(stray.getKey())),
          stray.getKey() + " was changed");
    }
    System.out.printf("fault-injection: local interrupts: %s%n", log);
    assertEquals(2, s.trainingKills, "signals that did not hit a trial in training: " + log);
    verify(s, results);
    cleanUp(s, results);
  }

  /**
   * A disk full before the sweep starts (its write probe fails), then, once freed, a disk that
   * fills while the sweep trains (another process takes all its space just after a trial stores
   * a checkpoint): each time the sweep stops with one line and leaves no file of its own
   * half-written; once space is freed again, the same sweep continues from the checkpoints
   * stored before and ends with the table of the undisturbed run, bit for bit.
   */
  @Test
  void aDiskFullBeforeOrFillingDuringTheSweepStopsItWithOneLineThenItResumes() throws Exception {
    Path disk = dir.resolve("disk");
    Files.createDirectories(disk);
    Path filler = disk.resolve("filler");
    try (Tmpfs tmpfs = Tmpfs.mount(disk, "64m")) {
      Path results = disk.resolve("trials");
      tmpfs.fill(filler);
      LocalSweep full = LocalSweep.start("full-disk", results, "local[2]");
      assertStoppedWithOneLine("full disk", full, results);
      Files.delete(filler);

      LocalSweep filling = LocalSweep.start("disk-filling", results, "local[2]");
      assertTrue(awaitNewCheckpoint(results, filling.asSubmission()),
          "no checkpoint stored:\n" + filling.output());
      tmpfs.fill(filler);
      assertStoppedWithOneLine("disk filling", filling, results);
      TableCensus.Census census = TableCensus.of(TrialTable.sweepDir(results, SWEEP), Set.of());
      assertEquals(List.of(), census.tornVisible(), "half-written files");
      assertTrue(census.rowsById().size() < reference.size(), "the disk filled too late to stop"
          + " the sweep: " + census.rowsById().size() + " rows");
      Files.delete(filler);

      Scenario s = new Scenario("full disk");
      LocalSweep later = LocalSweep.start("disk-freed", results, "local[2]");
      assertEquals(0, later.await(RUN_TIMEOUT), later.output());
      s.outputs.add(later.outputFile());
      assertFalse(resumedTrials(s).isEmpty(), "no trial continued from the checkpoints stored"
          + " before the disk filled:\n" + later.output());
      s.outputs.addAll(0, List.of(full.outputFile(), filling.outputFile()));
      verify(s, results);
      cleanUp(s, results);
    }
  }

  /**
   * The sweep exits with status 1 and one error line, bnsweep's, naming the full disk (no stack
   * trace, no Spark ERROR line), and leaves no temporary or probe file.
   */
  private static void assertStoppedWithOneLine(String what, LocalSweep sweep, Path results)
      throws Exception {
    int exit = sweep.await(RUN_TIMEOUT);
    String out = sweep.output();
    List<String> errors = errorLines(out);
    System.out.printf("fault-injection: %s: exit %d, %s%n", what, exit, errors);
    assertEquals(1, exit, out);
    assertEquals(1, errors.size(), out);
    assertTrue(errors.get(0).startsWith("bnsweep sweep: error: ")
        && errors.get(0).contains("No space left on device"), out);
    assertEquals(List.of(), temporaryFiles(results));
  }

  /**
   * Waits until the sweep trains a trial, then up to {@code maxDelayMillis} more, and sends the
   * signal. True if the process was alive then and a trial of its was still training: its
   * progress line (rewritten after every epoch, deleted when the trial ends) was there, and
   * newer than the process.
   */
  private boolean signalWhileTraining(LocalSweep sweep, Path results, String signal,
      int maxDelayMillis) throws Exception {
    Instant since = sweep.process().info().startInstant().orElseThrow();
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (heartbeats(results, since).isEmpty()) {
      assertTrue(sweep.process().isAlive() && System.nanoTime() < deadline,
          "no trial trained:\n" + sweep.output());
      Thread.sleep(50);
    }
    Thread.sleep(millisBetween(0, maxDelayMillis));
    boolean training = sweep.process().isAlive() && !heartbeats(results, since).isEmpty();
    sweep.signal(signal);
    return training;
  }

  /** The progress lines of trials in training, written since {@code since}. */
  static List<Path> heartbeats(Path results, Instant since) throws IOException {
    Path dir = results.resolve("_progress").resolve(SWEEP);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> fresh = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        try {
          if (Files.getLastModifiedTime(f).toInstant().isAfter(since)) {
            fresh.add(f);
          }
        } catch (IOException e) {
          // deleted meanwhile: that trial ended
        }
      }
    }
    return fresh;
  }

  // ------------------------------------------------------------------------- checks

  /**
   * What a scenario did, for its checks and its summary line: the drivers it ran (their output
   * files), where its executors' logs are, and what the test itself put into the table.
   */
  static final class Scenario {
    final String name;
    final List<Path> outputs = new ArrayList<>();
    /** Folders under which executors' {@code stderr} files are (cluster scenarios). */
    final List<Path> executorLogs = new ArrayList<>();
    /** Files the test put into the sweep's folder (positive controls), left out of the counts. */
    final Set<Path> planted = new java.util.HashSet<>();
    /** Names of trial files the test truncated: a sweep must move those aside, and only those. */
    final Set<String> plantedTorn = new java.util.HashSet<>();
    /** SIGKILLs (and SIGINTs) of live processes while a trial was being trained. */
    int trainingKills;

    Scenario(String name) {
      this.name = name;
    }

    /** The scenario's drivers' outputs, as one text. */
    String output() throws IOException {
      StringBuilder all = new StringBuilder();
      for (Path p : outputs) {
        all.append(Files.readString(p));
      }
      return all.toString();
    }
  }

  /**
   * Checks the table exactly as the scenario left it, before anything may repair it, and prints
   * the scenario's summary line. Rows are counted independently of bnsweep's reader (every
   * Parquet file under the sweep's folder, {@link TableCensus}): one row per planned trial, none
   * lost, none torn. Then bnsweep's own reader, read-only, must see the same rows without a
   * notice, with the metrics of the reference run bit for bit. No file may have been moved
   * aside to {@code _corrupt/} and no driver may have said it moved one (but the torn files the
   * test planted), or a half-published row would have been healed and counted as "0 lost".
   * Temporary files of killed writers are counted as leftovers here and removed afterwards by
   * {@link #cleanUp}.
   */
  private void verify(Scenario s, Path results) throws Exception {
    Path folder = TrialTable.sweepDir(results, SWEEP);
    TableCensus.Census census = TableCensus.of(folder, s.planted);
    Set<String> lost = census.lost(reference.keySet());
    Set<String> foreign = new TreeSet<>(census.rowsById().keySet());
    foreign.removeAll(reference.keySet());
    // Files moved aside, and notices of it, other than of the trial files the test truncated.
    long movedAside = census.aside().stream().filter(f -> !plantedTorn(s, f)).count();
    long movedNotices = s.output().lines().filter(l -> l.contains("moved unreadable"))
        .filter(l -> !plantedTorn(s, l)).count();
    List<String> leftovers = temporaryFiles(results);
    Set<String> resumed = resumedTrials(s);
    Set<String> staleCheckpoints = checkpoints(results);
    // Without a kill, a trial resumes from a checkpoint another writer or a failed run left.
    System.out.printf("fault-injection: %s: %d kills of live training processes, %d trials"
            + " resumed from a checkpoint after a real kill (%d in all), %d rows lost, %d"
            + " duplicates counted independently, %d files moved aside, %d leftovers, %d"
            + " checkpoints of finished trials%n", s.name, s.trainingKills,
        s.trainingKills > 0 ? resumed.size() : 0, resumed.size(), lost.size(),
        census.duplicates(), movedAside, leftovers.size(), staleCheckpoints.size());
    assertEquals(Set.of(), lost, "trials without a row");
    assertEquals(0, census.duplicates(), "rows per trial id, every Parquet file under "
        + folder + ": " + census.rowsById());
    assertEquals(Set.of(), foreign, "rows of trials that were not planned");
    // A kill may land between a row's publication and the deletion of its trial's checkpoints.
    if (s.trainingKills == 0) {
      assertEquals(Set.of(), staleCheckpoints, "checkpoints of trials that have their row");
    }
    assertEquals(0, movedAside, "files moved aside: " + census.aside());
    assertEquals(0, movedNotices, "notices of files moved aside:\n" + s.output());
    List<String> tornOutsideAside = census.tornVisible().stream()
        .filter(f -> !f.startsWith(TableCensus.CORRUPT_DIR + "/")).toList();
    assertEquals(List.of(), tornOutsideAside, "torn files with a trial file's name");
    // Every leftover is a hidden temporary file; a torn one is one a writer died writing.
    assertTrue(leftovers.containsAll(census.tornTemporary().stream()
        .map(f -> results.relativize(folder.resolve(f)).toString()).toList()), leftovers
        + " misses torn files " + census.tornTemporary());

    // bnsweep's reader, read-only: the same rows, nothing to say but of the planted files.
    List<String> notices = new ArrayList<>();
    ResultsTable table = new ResultsTable(results.toString(),
        HadoopConf.of(spark.sparkContext().hadoopConfiguration())).withNotices(notices::add)
        .readOnly();
    Dataset<Row> rows = table.readSweep(spark, SWEEP);
    notices.removeIf(n -> s.planted.stream().anyMatch(p -> n.contains(p.toString())));
    assertEquals(List.of(), notices, "notices of bnsweep's reader");
    Map<String, TrialTable.Metrics> actual = TrialTable.metrics(rows);
    assertEquals(census.rowsById().keySet(), actual.keySet(), "trials bnsweep's reader sees");
    assertEquals(List.of("ok"), rows.select("status").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList());
    for (String id : reference.keySet()) {
      assertEquals(reference.get(id), actual.get(id), "metrics of trial " + id);
    }
    assertTrue(sentinelProcess.isAlive(), "the sentinel process was killed");
    assertEquals("not the cluster's\n", Files.readString(sentinelFile));
  }

  /** Whether a file name or a line names one of the trial files the test truncated. */
  private static boolean plantedTorn(Scenario s, String nameOrLine) {
    return s.plantedTorn.stream().anyMatch(nameOrLine::contains);
  }

  /**
   * After {@link #verify}: a writer killed in the milliseconds it writes a trial's row or a
   * checkpoint leaves its temporary file, which the next sweep removes once it is older than
   * {@link ResultsTable#TEMPORARY_FILE_LIFETIME} (a younger one may belong to a live writer).
   * If the kills left any, they are made that old and the sweep is run again: it must remove
   * them (those in {@code _checkpoints/} too), and change nor train nothing else.
   */
  private void cleanUp(Scenario s, Path results) throws Exception {
    List<String> left = temporaryFiles(results);
    if (left.isEmpty()) {
      return;
    }
    FileTime old = FileTime.from(Instant.now().minus(ResultsTable.TEMPORARY_FILE_LIFETIME)
        .minusSeconds(60));
    for (String name : left) {
      Files.setLastModifiedTime(results.resolve(name), old);
    }
    Map<String, FileTime> before = TrialTable.files(results, SWEEP);
    LocalSweep cleanup = LocalSweep.start(s.name.replace(' ', '-') + "-cleanup", results,
        "local[2]");
    assertEquals(0, cleanup.await(RUN_TIMEOUT), cleanup.output());
    assertEquals(List.of(), temporaryFiles(results), cleanup.output());
    assertEquals(before, TrialTable.files(results, SWEEP), "trial files the clean-up changed");
    assertFalse(cleanup.output().contains("moved unreadable"), cleanup.output());
    System.out.printf("fault-injection: %s: %d temporary files of killed writers %s, removed by"
        + " the next sweep once older than %d min%n", s.name, left.size(), left,
        ResultsTable.TEMPORARY_FILE_LIFETIME.toMinutes());
  }

  /**
   * Trials that continued from a checkpoint (bnsweep's line "trial ID resumes after cycle C"
   * in an executor's log, or in a local driver's output). In these scenarios nothing but a
   * signal interrupts a trial, so each one resumed after a real kill.
   */
  static Set<String> resumedTrials(Scenario s) throws IOException {
    List<Path> logs = new ArrayList<>(s.outputs);
    for (Path root : s.executorLogs) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          files.filter(f -> f.getFileName().toString().equals("stderr")).forEach(logs::add);
        }
      }
    }
    Set<String> ids = new TreeSet<>();
    for (Path log : logs) {
      java.util.regex.Matcher m = RESUMED.matcher(Files.readString(log));
      while (m.find()) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  /**
   * Lines of an output that report an error: bnsweep's own, a Spark log line of level ERROR,
   * or any line of a stack trace.
   */
  static List<String> errorLines(String output) {
    return output.lines().filter(l -> l.contains("error") || l.contains(" ERROR ")
        || l.contains("Exception") || l.startsWith("\tat ") || l.startsWith("Caused by"))
        .toList();
  }

  /** The executor's line of a trial that continues from its checkpoint. */
  static final java.util.regex.Pattern RESUMED = java.util.regex.Pattern.compile(
      "bnsweep: trial ([0-9a-f]{16}) resumes after cycle (\\d+)");

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
