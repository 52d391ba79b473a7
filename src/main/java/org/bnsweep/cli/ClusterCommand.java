package org.bnsweep.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bnsweep cluster start|stop|status}: a Spark standalone cluster on this machine. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = {"A Spark standalone cluster on 127.0.0.1 from bnsweep's own jars (no Spark"
        + " download): one master and N workers, each its own JVM, every file under one folder"
        + " (--dir). Sweep on it with: submit/bnsweep sweep CONF --master spark://127.0.0.1:P.",
        "It stops only processes it started (pid files with start times, and their children)"
        + " and removes only what it made (named in the folder's .bnsweep-standalone file)."},
    subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class,
        ClusterCommand.Status.class})
final class ClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "give a command: start, stop or status");
  }

  /** The --dir option of each command. */
  static class Folder {
    @Option(names = "--dir", paramLabel = "DIR", description = "The cluster's folder: spark-home/,"
        + " logs/, pids/, work/, local/, cluster.env (default: $BNSWEEP_CLUSTER_DIR, else"
        + " .cluster).")
    Path dir = Path.of(Optional.ofNullable(System.getenv("BNSWEEP_CLUSTER_DIR"))
        .orElse(".cluster"));

    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    StandaloneCluster cluster() {
      return new StandaloneCluster(dir, StandaloneCluster.Launch.ofThisJvm(),
          spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Start the master and N workers; wait until the master counts N alive"
          + " workers. Refuses a folder where a cluster runs, or that holds a name start makes"
          + " (spark-home, logs, pids, work, local, cluster.env) that it did not make. A start"
          + " that fails stops what it started and removes what it made but the logs.")
  static final class Start implements Callable<Integer> {
    @picocli.CommandLine.Mixin Folder folder;

    @Option(names = "--workers", defaultValue = "2", description = "Workers (default 2).")
    int workers;

    @Option(names = "--cores-per-worker", defaultValue = "1", description = "Cores each"
        + " worker offers (default 1).")
    int cores;

    @Option(names = "--memory-per-worker", defaultValue = "6g", description = "Memory each"
        + " worker offers to executors, e.g. 6g or 512m (default 6g).")
    String memory;

    @Option(names = "--daemon-heap", defaultValue = "1g", description = "Heap of the master"
        + " and each worker JVM (default 1g).")
    String daemonHeap;

    @Option(names = "--port", defaultValue = "7077", description = "Master RPC port"
        + " (default 7077).")
    int port;

    @Option(names = "--webui-port", defaultValue = "8080", description = "Master web UI port"
        + " (default 8080); the workers' take the next N.")
    int uiPort;

    @Option(names = "--properties-file", paramLabel = "FILE", description = "Spark properties"
        + " of the master and workers (their spark-defaults.conf), e.g. spark.authenticate.")
    Path properties;

    @Option(names = "--timeout", defaultValue = "90", description = "Seconds to wait for the"
        + " workers to register (default 90).")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
      check(workers >= 1, "--workers must be >= 1, got " + workers);
      check(cores >= 1, "--cores-per-worker must be >= 1, got " + cores);
      check(memory.matches("[1-9][0-9]*[mMgG]") && daemonHeap.matches("[1-9][0-9]*[mMgG]"),
          "--memory-per-worker and --daemon-heap must be sizes such as 6g or 512m, got "
              + memory + " and " + daemonHeap);
      check(port >= 1 && port <= 65535 && uiPort >= 1 && uiPort + workers <= 65535,
          "ports must be 1..65535, got --port " + port + " and --webui-port " + uiPort);
      check(timeoutSeconds >= 1, "--timeout must be >= 1 s, got " + timeoutSeconds);
      check(properties == null || Files.isRegularFile(properties),
          "--properties-file " + properties + " does not exist");
      folder.cluster().start(new StandaloneCluster.Options(workers, cores, memory, port, uiPort,
          Optional.ofNullable(properties), Duration.ofSeconds(timeoutSeconds), daemonHeap));
      return 0;
    }

    private void check(boolean ok, String message) {
      if (!ok) {
        throw new ParameterException(folder.spec.commandLine(), message);
      }
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stop the master, the workers, their executors and drivers, and the sweeps"
          + " run against this master (they would wait for it forever); wait for them to exit"
          + " and remove the folder's logs, pid files and scratch. A no-op in a folder without"
          + " a .bnsweep-standalone file.")
  static final class Stop implements Callable<Integer> {
    @picocli.CommandLine.Mixin Folder folder;

    @Option(names = "--keep-logs", description = "Keep logs/ and the executors' stdout and"
        + " stderr under work/.")
    boolean keepLogs;

    @Override
    public Integer call() {
      folder.cluster().stop(keepLogs);
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "List the cluster's JVMs and the master's count of alive workers; exit 3"
          + " when the master does not run.")
  static final class Status implements Callable<Integer> {
    @picocli.CommandLine.Mixin Folder folder;

    @Override
    public Integer call() {
      return folder.cluster().status();
    }
  }

  /** Lets {@code stop} of the cluster whose master this sweep uses end this driver too. */
  static void registerDriver(String master) throws IOException {
    if (master != null && master.startsWith("spark://")) {
      Folder f = new Folder();
      new ClusterFolder(f.dir).registerDriver(master);
    }
  }
}
