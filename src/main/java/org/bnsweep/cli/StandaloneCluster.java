package org.bnsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.bnsweep.sweep.ExecutorSettings;

/**
 * A Spark standalone cluster on 127.0.0.1 that bnsweep starts and stops: one master and N
 * workers, each a JVM of its own started from this JVM's jars, every file under one folder
 * ({@link ClusterFolder}, which keeps the record of what is ours: only that is stopped and
 * removed).
 */
final class StandaloneCluster {
  static final String HOST = "127.0.0.1";

  /** How daemons start: the java command, the jars of SPARK_HOME/jars, the JVM options. */
  record Launch(List<String> java, List<Path> jars, List<String> jvmOptions) {
    /** This JVM's java and jars (but bnsweep's own: executors get the cluster jar). */
    static Launch ofThisJvm() {
      List<Path> jars = ExecutorSettings.classPathJars();
      String java = ProcessHandle.current().info().command().orElse("java");
      return new Launch(List.of(java), jars, ExecutorSettings.JvmFlags.load().options());
    }
  }

  /** The options of start. */
  record Options(int workers, int cores, String memory, int port, int uiPort,
      Optional<Path> properties, Duration timeout, String daemonHeap) {}

  private final ClusterFolder folder;
  private final Path state;
  private final Launch launch;
  private final PrintWriter out;
  private final PrintWriter err;

  StandaloneCluster(Path state, Launch launch, PrintWriter out, PrintWriter err) {
    this.folder = new ClusterFolder(state);
    this.state = folder.path();
    this.launch = launch;
    this.out = out;
    this.err = err;
  }

  /** Starts the master and the workers and waits until the master counts every worker. */
  void start(Options o) throws IOException, InterruptedException {
    List<String> foreign = folder.foreignEntries();
    if (!foreign.isEmpty()) {
      throw new IllegalStateException(state + " holds " + String.join(", ", foreign) + " that"
          + " bnsweep cluster did not make (no " + ClusterFolder.MARKER + " file); set --dir or"
          + " BNSWEEP_CLUSTER_DIR to an empty or new folder, or move them away");
    }
    List<ClusterFolder.Member> running = folder.members();
    if (!running.isEmpty()) {
      throw new IllegalStateException("a cluster from " + state + " is already running (pids "
          + running.stream().map(m -> String.valueOf(m.handle().pid())).toList() + "); stop it"
          + " with 'submit/bnsweep cluster stop' or set --dir to another folder");
    }
    for (int p : List.of(o.port(), o.uiPort())) {
      if (listening(p)) {
        throw new IllegalStateException("port " + p + " is in use by another process; pick"
            + " free ones with --port and --webui-port");
      }
    }
    if (!Files.exists(Path.of("/usr/lib/jni/libjblas.so"))) {
      err.println("bnsweep cluster: warning: no /usr/lib/jni/libjblas.so; executors fall back"
          + " to jblas's slow bundled BLAS (run submit/setup)");
    }
    long t0 = System.nanoTime();
    folder.clean(false); // what a cluster that ended without stop left
    Thread onInterrupt = new Thread(this::startFailed);
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      launchDaemons(o);
      awaitWorkers(o);
    } catch (IOException | RuntimeException | InterruptedException e) {
      startFailed();
      throw e;
    } finally {
      Runtime.getRuntime().removeShutdownHook(onInterrupt);
    }
    out.printf("started 1 master and %d workers (%d cores, %s each) in %.0f s%n", o.workers(),
        o.cores(), o.memory(), (System.nanoTime() - t0) / 1e9);
    out.println("master URL:  " + masterUrl(o.port()));
    out.println("web UI:      http://" + HOST + ":" + o.uiPort() + "/");
    out.println("folder:      " + state + " (logs in " + state.resolve("logs") + ")");
    out.println("sweep with:  submit/bnsweep sweep CONF --master " + masterUrl(o.port()));
  }

  private void launchDaemons(Options o) throws IOException {
    Files.createDirectories(state);
    folder.writeMarker(ClusterFolder.CREATED);
    Path home = state.resolve("spark-home");
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(state.resolve("pids"));
    Files.createDirectories(state.resolve("logs"));
    for (Path jar : launch.jars()) {
      // SPARK_HOME/jars: the class path of the workers' executors and drivers.
      Files.createSymbolicLink(home.resolve("jars").resolve(jar.getFileName()),
          jar.toAbsolutePath());
    }
    if (o.properties().isPresent()) {
      Files.createSymbolicLink(home.resolve("conf/spark-defaults.conf"),
          o.properties().get().toAbsolutePath());
    }
    Files.writeString(state.resolve("cluster.env"), "master_url=" + masterUrl(o.port())
        + "\nmaster_ui_port=" + o.uiPort() + "\nworkers=" + o.workers() + "\n");
    // The REST submission server takes unauthenticated submissions: off, unless the properties
    // file turns it on; spark-submit falls back to the RPC port.
    startDaemon("master", o, Map.of(), "-Dspark.master.rest.enabled=false",
        "org.apache.spark.deploy.master.Master", "--host", HOST, "--port",
        String.valueOf(o.port()), "--webui-port", String.valueOf(o.uiPort()));
    for (int i = 1; i <= o.workers(); i++) {
      Path work = Files.createDirectories(state.resolve("work/worker-" + i));
      Path local = Files.createDirectories(state.resolve("local/worker-" + i));
      startDaemon("worker-" + i, o, Map.of("SPARK_WORKER_DIR", work.toString(),
              "SPARK_LOCAL_DIRS", local.toString()), "org.apache.spark.deploy.worker.Worker",
          "--host", HOST, "--webui-port", String.valueOf(o.uiPort() + i), "--cores",
          String.valueOf(o.cores()), "--memory", o.memory(), "--work-dir", work.toString(),
          masterUrl(o.port()));
    }
  }

  /** Starts a daemon JVM in a session of its own; pids/NAME.pid holds "pid start-millis". */
  private void startDaemon(String name, Options o, Map<String, String> env, String... args)
      throws IOException {
    Path home = state.resolve("spark-home");
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid"); // execs the JVM (same pid): no signal of this terminal's
    }
    cmd.addAll(launch.java());
    cmd.add("-Xmx" + o.daemonHeap());
    cmd.addAll(launch.jvmOptions());
    cmd.addAll(List.of("-cp", home.resolve("conf") + ":" + home.resolve("jars") + "/*"));
    cmd.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(state.resolve("logs/" + name + ".out").toFile());
    Map<String, String> e = b.environment();
    // Variables of an installed Spark that would change these daemons.
    e.keySet().removeIf(k -> k.matches("SPARK_(MASTER|WORKER)_.*"));
    e.putAll(Map.of("SPARK_HOME", home.toString(), "SPARK_CONF_DIR",
        home.resolve("conf").toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", HOST,
        "SPARK_LOCAL_HOSTNAME", HOST, "SPARK_MASTER_HOST", HOST));
    e.putAll(env);
    folder.writePidFile(name, b.start().toHandle());
  }

  private void awaitWorkers(Options o) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + o.timeout().toNanos();
    int alive = 0;
    while (System.nanoTime() < deadline) {
      Map<String, ClusterFolder.Member> roots = folder.roots();
      for (int i = 0; i <= o.workers(); i++) {
        String daemon = i == 0 ? "master" : "worker-" + i;
        if (!roots.containsKey(daemon)) {
          throw new IllegalStateException((i == 0 ? "the master" : daemon)
              + " exited while starting; see " + state.resolve("logs/" + daemon + ".out"));
        }
      }
      alive = masterJson(o.uiPort()).map(j -> j.path("aliveworkers").asInt()).orElse(0);
      if (alive >= o.workers()) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("only " + alive + " of " + o.workers() + " workers"
        + " registered within " + o.timeout().toSeconds() + " s; raise --timeout or read the"
        + " logs in " + state.resolve("logs"));
  }

  /** After a failed start: the end of every log, then stop and remove all but the logs. */
  private void startFailed() {
    try (var logs = Files.list(state.resolve("logs"))) {
      for (Path log : logs.sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        err.println("---- last lines of " + log);
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(err::println);
      }
    } catch (IOException | UncheckedIOException e) {
      // no logs yet
    }
    ClusterFolder.stopMembers(folder.members(), err);
    folder.clean(true);
    if (folder.owned()) {
      err.println("bnsweep cluster: the logs are kept in " + state.resolve("logs") + "; remove"
          + " them with: submit/bnsweep cluster stop --dir " + state);
    }
    err.flush();
  }

  /** Stops every process of the cluster, then removes what start made (logs: unless kept). */
  void stop(boolean keepLogs) {
    if (!folder.owned()) {
      out.println("no cluster of bnsweep in " + state + " (no " + ClusterFolder.MARKER
          + " file); nothing to stop or remove");
      return;
    }
    List<ClusterFolder.Member> members = folder.members();
    ClusterFolder.stopMembers(members, out);
    folder.clean(keepLogs);
    if (members.isEmpty()) {
      out.println("no cluster runs from " + state + "; removed what it left");
    } else if (keepLogs && Files.isDirectory(state.resolve("logs"))) {
      out.println("stopped; logs kept in " + state.resolve("logs") + " and "
          + state.resolve("work"));
    } else {
      out.println("stopped; removed the logs and scratch of " + state);
    }
  }

  /** Lists the cluster's processes and the master's view; 0 when the master runs, else 3. */
  int status() {
    List<ClusterFolder.Member> members = folder.members();
    if (members.isEmpty()) {
      out.println("no cluster runs from " + state);
      return 3;
    }
    out.println("cluster folder: " + state);
    members.forEach(m -> out.printf("  %-10s pid %d%n", m.role(), m.handle().pid()));
    Properties env = folder.clusterEnv();
    int ui = Integer.parseInt(env.getProperty("master_ui_port", "0"));
    Optional<JsonNode> json = masterJson(ui);
    out.println(json.map(j -> "master " + env.getProperty("master_url") + ": "
        + j.path("status").asText() + ", " + j.path("aliveworkers").asInt() + " alive workers, "
        + j.path("coresused").asInt() + " of " + j.path("cores").asInt() + " cores in use;"
        + " web UI http://" + HOST + ":" + ui + "/")
        .orElse("master web UI http://" + HOST + ":" + ui + "/ does not answer"));
    return members.stream().anyMatch(m -> m.role().equals("master")) ? 0 : 3;
  }

  static String masterUrl(int port) {
    return "spark://" + HOST + ":" + port;
  }

  /** The master's /json/ answer (alive workers, cores), if its web UI answers. */
  private static Optional<JsonNode> masterJson(int uiPort) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://" + HOST + ":" + uiPort + "/json/"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(new ObjectMapper().readTree(r.body()))
          : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

}
