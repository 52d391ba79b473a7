package org.bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bnsweep.Fixtures;

/**
 * A Spark standalone cluster of one master and N workers (one core each) on 127.0.0.1, started
 * by {@code submit/bnsweep cluster start} in a folder of its own ({@code BNSWEEP_CLUSTER_DIR}) on
 * free ports, and the sweeps run on it by {@code submit/bnsweep sweep CONF --master URL} (client
 * mode: the driver is a child of this JVM; Spark settings as {@code -Dspark.*} options).
 * {@link #close()} runs {@code submit/bnsweep cluster stop}, copies the logs to
 * {@code target/it-logs/<name>/} and kills by pid every JVM of the cluster that is still alive.
 */
final class LocalCluster implements AutoCloseable {
  /** The checkout (failsafe sets {@code bnsweep.basedir}). */
  static final Path ROOT = Path.of(System.getProperty("bnsweep.basedir", "")).toAbsolutePath();
  static final Path CLUSTER_JAR = ROOT.resolve("target/bnsweep-0.1.0-SNAPSHOT-cluster.jar");
  private static final String EXECUTOR_CLASS =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  private final String name;
  private final Path state;
  private final Path logs;
  private final int workers;
  private final String masterUrl;
  /**
   * Every JVM this cluster had: killed at close if still alive. A handle knows its process's
   * start time, so a pid reused by another process is never killed.
   */
  private final Set<ProcessHandle> jvms = new LinkedHashSet<>();
  /** Daemons started again by {@link #restart}: children of this JVM, not in the pid files. */
  private final List<Process> restarted = new ArrayList<>();

  /**
   * A running executor JVM: its pid, Spark executor id, the worker (1..N) that runs it, and
   * its folder (where the worker keeps its {@code stdout} and {@code stderr}).
   */
  record Executor(long pid, String id, int worker, Path dir) {
    /**
     * Whether the executor's log shows a task started and not ended: the task is a trial (or a
     * pack of them) being trained. Spark's executor logs both ends of every task at INFO, which
     * {@link #EXECUTOR_LOG_CONF} turns on.
     */
    boolean runsATask() {
      Set<String> running = new java.util.HashSet<>();
      try {
        for (String line : Files.readAllLines(dir.resolve("stderr"))) {
          java.util.regex.Matcher m = TASK_LINE.matcher(line);
          if (m.find()) {
            if (line.contains("Running task")) {
              running.add(m.group(1));
            } else {
              running.remove(m.group(1)); // finished, failed or killed
            }
          }
        }
      } catch (IOException e) {
        return false; // no log yet
      }
      return !running.isEmpty();
    }
  }

  /** A line of Spark's executor about one task: "Running task 0.0 in stage 2.0 (TID 5)". */
  private static final java.util.regex.Pattern TASK_LINE =
      java.util.regex.Pattern.compile("task .* \\(TID (\\d+)\\)");
  /**
   * A log4j configuration for executors: bnsweep's (warnings only) plus the INFO lines of
   * Spark's {@code Executor}, which say when each task starts and ends. Tests that need to know
   * whether an executor is training pass it as
   * {@code spark.executor.extraJavaOptions=-Dlog4j2.configurationFile=...}.
   */
  static final Path EXECUTOR_LOG_CONF =
      ROOT.resolve("src/test/resources/executor-log4j2.properties");

  private LocalCluster(String name, Path state, int workers, String masterUrl) {
    this.name = name;
    this.state = state;
    this.logs = ROOT.resolve("target/it-logs").resolve(name);
    this.workers = workers;
    this.masterUrl = masterUrl;
  }

  /**
   * Fails unless the cluster jar exists and is newer than every source of src/main: the submit
   * scripts would otherwise build it themselves, inside this build.
   */
  static void assertClusterJarCurrent() throws IOException {
    assertTrue(Files.isRegularFile(CLUSTER_JAR), CLUSTER_JAR
        + " is missing: run the ITs with mvn verify");
    FileTime built = Files.getLastModifiedTime(CLUSTER_JAR);
    try (Stream<Path> sources = Files.walk(ROOT.resolve("src/main"))) {
      List<Path> newer = sources.filter(Files::isRegularFile).filter(p -> {
        try {
          return Files.getLastModifiedTime(p).compareTo(built) > 0;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
      assertEquals(List.of(), newer, CLUSTER_JAR + " is older than these sources: run mvn"
          + " verify");
    }
  }

  /** Starts 1 master and {@code workers} workers of one core each, state under {@code dir}. */
  static LocalCluster start(String name, Path dir, int workers) throws IOException {
    int port = freePorts(0);
    int uiPort;
    do {
      uiPort = freePorts(workers);
    } while (port >= uiPort && port <= uiPort + workers);
    LocalCluster c = new LocalCluster(name, dir.resolve("cluster"), workers,
        "spark://127.0.0.1:" + port);
    deleteTree(c.logs);
    Files.createDirectories(c.logs);
    long t0 = System.nanoTime();
    c.run("start", Duration.ofSeconds(120), "submit/bnsweep", "cluster", "start",
        "--workers", String.valueOf(workers), "--cores-per-worker", "1",
        "--memory-per-worker", "2g", "--daemon-heap", "512m", "--port", String.valueOf(port),
        "--webui-port", String.valueOf(uiPort));
    try {
      c.remember(c.daemonPid("master"));
      for (int i = 1; i <= workers; i++) {
        c.remember(c.daemonPid("worker-" + i));
      }
    } catch (RuntimeException e) {
      c.close(); // the test never gets c to close it
      throw e;
    }
    c.log("started 1 master and %d workers in %.1f s: %s", workers, seconds(t0), c.masterUrl);
    return c;
  }

  /** The pid of a daemon's pid file, which holds "pid start-time". */
  long daemonPid(String daemon) {
    try {
      String record = Files.readString(state.resolve("pids/" + daemon + ".pid")).trim();
      return Long.parseLong(record.split(" ")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("no pid file for " + daemon + " in " + state, e);
    }
  }

  /**
   * Submits {@code conf} as a sweep writing to {@code results}: the driver waits until every
   * worker's executor has registered (so that trials spread over all workers from the start).
   */
  Submission submit(String label, Path conf, Path results) throws IOException {
    return submit(label, conf, results.toString(), ROOT);
  }

  /** As {@link #submit(String, Path, Path)}, with more Spark settings ({@code key=value}). */
  Submission submit(String label, Path conf, Path results, String... sparkSettings)
      throws IOException {
    return submit(label, conf, results.toString(), ROOT, sparkSettings);
  }

  /**
   * Submits with {@code --results} as given (a relative path is the user's usual case),
   * from {@code workingDir}.
   */
  Submission submit(String label, Path conf, String results, Path workingDir,
      String... sparkSettings) throws IOException {
    List<String> cmd = List.of(ROOT.resolve("submit/bnsweep").toString(), "sweep",
        conf.toAbsolutePath().toString(), "--master", masterUrl, "--results", results);
    List<String> spark = new ArrayList<>(List.of("spark.executor.memory=1g",
        "spark.cores.max=" + workers, "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "spark.scheduler.maxRegisteredResourcesWaitingTime=60s"));
    spark.addAll(List.of(sparkSettings));
    Path out = logs.resolve(label + ".out");
    long start = System.nanoTime();
    ProcessBuilder b = process(cmd).directory(workingDir.toFile()).redirectOutput(out.toFile());
    b.environment().put("BNSWEEP_HEAP", "2g");
    b.environment().put("BNSWEEP_JAVA_OPTS", String.join(" ",
        spark.stream().map(s -> "-D" + s).toList()));
    Process p = b.start();
    jvms.add(p.toHandle()); // the script execs the driver's JVM
    return new Submission(name + " " + label, p, out, start);
  }

  /** The executor JVMs of this cluster (their command lines name its folder). */
  List<Executor> executors() {
    List<Executor> found = new ArrayList<>();
    String folder = state + "/";
    for (Jvm jvm : running(EXECUTOR_CLASS)) {
      if (jvm.args().stream().noneMatch(a -> a.contains(folder))) {
        continue;
      }
      // The worker starts its executors in work/worker-<i>/app-<id>/<executor id>/.
      Path rel = state.resolve("work").relativize(jvm.cwd());
      String first = rel.getName(0).toString();
      if (!first.startsWith("worker-")) {
        continue; // not yet, or no longer, in its worker's folder: a JVM starting or exiting
      }
      int worker = Integer.parseInt(first.substring("worker-".length()));
      remember(jvm.pid());
      found.add(new Executor(jvm.pid(), jvm.arg("--executor-id"), worker, jvm.cwd()));
    }
    return found;
  }

  /** A running process: its pid, command line and working directory. */
  record Jvm(long pid, List<String> args, Path cwd) {
    /** The argument after {@code option}. */
    String arg(String option) {
      return args.get(args.indexOf(option) + 1);
    }
  }

  /** The processes (of this machine, from /proc) whose command line holds {@code mainClass}. */
  static List<Jvm> running(String mainClass) {
    List<Jvm> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        List<String> args = commandLine(proc);
        if (!args.contains(mainClass)) {
          continue;
        }
        try {
          found.add(new Jvm(Long.parseLong(proc.getFileName().toString()), args,
              Files.readSymbolicLink(proc.resolve("cwd"))));
        } catch (IOException e) {
          continue; // it exited meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** SIGKILLs worker {@code i} and its executors; returns the executors it killed. */
  List<Executor> killWorker(int i) {
    List<Executor> victims = executors().stream().filter(e -> e.worker() == i).toList();
    List<ProcessHandle> handles = new ArrayList<>();
    ProcessHandle.of(daemonPid("worker-" + i)).ifPresent(handles::add);
    victims.forEach(e -> ProcessHandle.of(e.pid()).ifPresent(handles::add));
    long start = System.nanoTime();
    handles.forEach(ProcessHandle::destroyForcibly); // all at once, then wait for each
    handles.forEach(LocalCluster::kill);
    log("SIGKILL to worker-%d and its executors %s: gone after %.1f s", i, victims,
        seconds(start));
    return victims;
  }

  /** How a daemon was started, read from /proc: to start a killed worker again as it was. */
  record Launch(List<String> command, Map<String, String> environment, Path dir) {}

  /** The command line, environment and working folder of a running daemon ("worker-1"). */
  Launch launchOf(String daemon) throws IOException {
    Path proc = Path.of("/proc", String.valueOf(daemonPid(daemon)));
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String kv : new String(Files.readAllBytes(proc.resolve("environ")),
        StandardCharsets.UTF_8).split("\0")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return new Launch(commandLine(proc), env, Files.readSymbolicLink(proc.resolve("cwd")));
  }

  /**
   * Starts a daemon again as {@code launch} says ({@code bnsweep cluster} restarts no single
   * daemon): a worker registers with the master anew. {@link #close()} stops it.
   */
  void restart(String daemon, Launch launch) throws IOException {
    ProcessBuilder b = new ProcessBuilder(launch.command()).directory(launch.dir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(state.resolve("logs/" + daemon + "-restarted.out").toFile());
    b.environment().clear();
    b.environment().putAll(launch.environment());
    Process p = b.start();
    restarted.add(p);
    jvms.add(p.toHandle());
    log("%s started again: pid %d", daemon, p.pid());
  }

  /** Waits until no executor JVM of this cluster runs (e.g. after its driver died). */
  void awaitNoExecutors(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    while (!executors().isEmpty()) {
      assertTrue(System.nanoTime() - start < timeout.toNanos(), "executors still run after "
          + timeout + ": " + executors());
      Thread.sleep(200);
    }
    log("no executor left after %.1f s", seconds(start));
  }

  /** The shared libraries a running JVM has mapped (from /proc/pid/maps). */
  static Set<String> mappedLibraries(long pid) throws IOException {
    Set<String> libs = new java.util.TreeSet<>();
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "maps"))) {
      int slash = line.indexOf('/');
      if (slash >= 0 && line.contains(".so")) {
        libs.add(line.substring(slash));
      }
    }
    return libs;
  }

  /** Stops the cluster, keeps its logs in target/it-logs and kills what survived by pid. */
  @Override
  public void close() throws IOException {
    long start = System.nanoTime();
    executors(); // remember their pids, in case stop misses one
    List<Long> survivors = new ArrayList<>();
    try {
      // Not in the pid files, so not stopped by stop: a worker stops its executors on SIGTERM.
      for (Process p : restarted) {
        p.destroy();
        if (!exited(p.toHandle(), Duration.ofSeconds(30))) {
          survivors.add(p.pid());
          kill(p.toHandle());
        }
      }
      run("stop", Duration.ofSeconds(90), "submit/bnsweep", "cluster", "stop", "--keep-logs");
    } finally {
      copyLogs();
      // A JVM that stop ended may linger a moment as a zombie until its parent reaps it.
      for (ProcessHandle h : jvms) {
        if (!exited(h, Duration.ofSeconds(5))) {
          survivors.add(h.pid());
          kill(h);
        }
      }
    }
    log("stopped in %.1f s", seconds(start));
    assertEquals(List.of(), survivors, "JVMs of cluster " + name + " alive after stop");
  }

  /** Prints a line about this cluster, for the test's output. */
  void log(String format, Object... args) {
    System.out.printf("[%s] %s%n", name, String.format(java.util.Locale.ROOT, format, args));
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static boolean exited(ProcessHandle h, Duration wait) {
    try {
      h.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private void remember(long pid) {
    ProcessHandle.of(pid).ifPresent(jvms::add);
  }

  /** SIGKILLs the process if it runs, and waits up to 10 s for it to be gone. */
  static void kill(ProcessHandle h) {
    h.destroyForcibly();
    if (!exited(h, Duration.ofSeconds(10))) {
      throw new IllegalStateException("pid " + h.pid() + " survived SIGKILL for 10 s");
    }
  }

  private ProcessBuilder process(List<String> cmd) {
    ProcessBuilder b = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
    Map<String, String> env = b.environment();
    env.put("BNSWEEP_CLUSTER_DIR", state.toString());
    env.put("BNSWEEP_DATA_DIR", Fixtures.cifarDir().toAbsolutePath().toString());
    return b;
  }

  /** Runs a command to its end; fails with its output unless it exits 0. */
  private void run(String label, Duration timeout, String... cmd) throws IOException {
    Path out = logs.resolve("cluster-" + label + ".out");
    Process p = process(Arrays.asList(cmd)).redirectOutput(out.toFile()).start();
    try {
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " took longer than " + timeout
            + ":\n" + Files.readString(out));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
    }
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + Files.readString(out));
  }

  /** Copies logs/ and the executors' stdout and stderr under work/ to target/it-logs/name. */
  private void copyLogs() throws IOException {
    for (String sub : List.of("logs", "work")) {
      Path from = state.resolve(sub);
      if (!Files.isDirectory(from)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String n = f.getFileName().toString();
          if (sub.equals("logs") || n.equals("stdout") || n.equals("stderr")) {
            Path to = logs.resolve(state.relativize(f));
            Files.createDirectories(to.getParent());
            Files.copy(f, to);
          }
        }
      }
    }
  }

  private static List<String> commandLine(Path proc) {
    try {
      String raw = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
      return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
    } catch (IOException e) {
      return List.of(); // exited, or not ours to read
    }
  }

  /** A port p free on 127.0.0.1 with p+1 ... p+extra free too. */
  private static int freePorts(int extra) throws IOException {
    for (int tries = 0; tries < 100; tries++) {
      int p;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        p = s.getLocalPort();
      }
      if (p + extra <= 65535 && IntStream.rangeClosed(p + 1, p + extra).allMatch(
          LocalCluster::isFree)) {
        return p;
      }
    }
    throw new IllegalStateException("no " + (extra + 1) + " consecutive free ports on loopback");
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return s.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
