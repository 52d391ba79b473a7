package org.bnsweep.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A Hadoop cluster in this JVM, on loopback: a one-DataNode HDFS ({@link MiniDFSCluster}) and a
 * YARN ResourceManager with N NodeManagers ({@link MiniYARNCluster}), whose containers are
 * real processes (children of this JVM). {@link #confDir()} is the folder a client points
 * {@code HADOOP_CONF_DIR} at: core-site.xml (fs.defaultFS) and yarn-site.xml (the
 * ResourceManager's addresses). The NodeManagers' folders and container logs stay in
 * {@code target/test/data/<name>/} (MiniYARNCluster's choice, under the working directory).
 */
final class MiniHadoop implements AutoCloseable {
  private static final String EXECUTOR_CLASS =
      "org.apache.spark.executor.YarnCoarseGrainedExecutorBackend";
  /** Each NodeManager's memory: one 1 GB executor and the application master fit twice. */
  static final int NODE_MEMORY_MB = 4096;

  private final MiniDFSCluster hdfs;
  private final MiniYARNCluster yarn;
  private final Path confDir;
  /** The NodeManagers' folders (local dirs, container logs). */
  private final Path work;

  private MiniHadoop(MiniDFSCluster hdfs, MiniYARNCluster yarn, Path confDir, Path work) {
    this.hdfs = hdfs;
    this.yarn = yarn;
    this.confDir = confDir;
    this.work = work;
  }

  /**
   * Starts HDFS (its files under {@code dir}) and YARN with {@code nodeManagers} NodeManagers
   * (their folders under {@code target/test/data/<name>}), and writes the client configuration into {@code dir/hadoop-conf}.
   */
  static MiniHadoop start(String name, Path dir, int nodeManagers) throws IOException,
      InterruptedException {
    long t0 = System.nanoTime();
    Configuration dfsConf = new Configuration();
    Path dfsDir = dir.resolve("hdfs");
    dfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dfsDir.toString());
    for (String key : List.of("dfs.namenode.http-address", "dfs.namenode.https-address",
        "dfs.datanode.address", "dfs.datanode.http.address", "dfs.datanode.ipc.address")) {
      dfsConf.set(key, "127.0.0.1:0");
    }
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(dfsConf, dfsDir.toFile()).numDataNodes(1)
        .build();
    MiniYARNCluster yarn = null;
    boolean started = false;
    try {
      hdfs.waitActive();
      YarnConfiguration conf = new YarnConfiguration();
      conf.set("fs.defaultFS", hdfs.getURI().toString());
      // Every daemon on loopback (MiniYARNCluster binds its RPC servers to "localhost:0").
      conf.set(YarnConfiguration.RM_HOSTNAME, "localhost");
      conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "localhost:0");
      // Containers are sized by what Spark asks (1 GB executors, a 512 MB application master,
      // plus Spark's 384 MB overhead each), not by this machine's memory; the memory checks of
      // the NodeManager (which kill a JVM for its virtual size) stay off.
      conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", NODE_MEMORY_MB);
      conf.setInt(YarnConfiguration.NM_VCORES, 2);
      conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
      conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, NODE_MEMORY_MB);
      conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
      conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
      // A nearly full disk must not mark the nodes unhealthy.
      conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage",
          "100.0");
      // hadoop-client-minicluster has no capacity-scheduler.xml: one queue, all of the cluster.
      conf.set("yarn.scheduler.capacity.root.queues", "default");
      conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
      conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
      conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
      conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
      conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
      conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
      // What hadoop-env.sh gives the containers of a real cluster: the JDK (this JVM's).
      conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty(
          "java.home"));
      yarn = new MiniYARNCluster(name, 1, nodeManagers, 1, 1);
      yarn.init(conf);
      yarn.start();
      boolean registered;
      try {
        registered = yarn.waitForNodeManagersToConnect(Duration.ofSeconds(60).toMillis());
      } catch (YarnException e) {
        throw new IllegalStateException("cannot ask the ResourceManager for its nodes", e);
      }
      if (!registered) {
        throw new IllegalStateException(nodeManagers + " NodeManagers did not register in 60 s");
      }
      Configuration running = yarn.getConfig();
      // MiniYARNCluster sets the ResourceManager's ports once it has bound them.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (running.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the ResourceManager's port is still 0 after 10 s");
        }
        Thread.sleep(100);
      }
      Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
      writeSite(confDir.resolve("core-site.xml"), running, List.of("fs.defaultFS"));
      writeSite(confDir.resolve("yarn-site.xml"), running, List.of(
          YarnConfiguration.RM_HOSTNAME, YarnConfiguration.RM_ADDRESS,
          YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
          YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS));
      MiniHadoop h = new MiniHadoop(hdfs, yarn, confDir, yarn.getTestWorkDir().toPath()
          .toAbsolutePath());
      System.out.printf("[%s] HDFS %s and YARN (ResourceManager %s, %d NodeManagers) started"
              + " in %.1f s%n", name, hdfs.getURI(), running.get(YarnConfiguration.RM_ADDRESS),
          nodeManagers, LocalCluster.seconds(t0));
      started = true;
      return h;
    } finally {
      if (!started) { // whatever failed (a missing class too): the test never gets h to close
        if (yarn != null) {
          yarn.stop();
        }
        hdfs.shutdown();
      }
    }
  }

  /** The folder to point {@code HADOOP_CONF_DIR} at. */
  Path confDir() {
    return confDir;
  }

  /** hdfs://localhost:PORT of the NameNode. */
  String hdfsUri() {
    return hdfs.getURI().toString();
  }

  /** The NameNode's client configuration, for reading the tables in this JVM. */
  Configuration hdfsConf() {
    return hdfs.getConfiguration(0);
  }

  /**
   * A running Spark executor container: its JVM's pid, Spark executor id, container id and the
   * driver's address it was told ({@code spark://CoarseGrainedScheduler@HOST:PORT}).
   */
  record Executor(long pid, String id, String container, String driverUrl) {}

  /** The Spark executor JVMs that this cluster's NodeManagers run (found in /proc). */
  List<Executor> executors() {
    List<Executor> found = new ArrayList<>();
    for (LocalCluster.Jvm jvm : LocalCluster.running(EXECUTOR_CLASS)) {
      // A container's working directory: <NodeManager local dir>/usercache/<user>/appcache/
      // <application>/<container>, under this cluster's folder.
      String container = jvm.cwd().getFileName().toString();
      if (jvm.cwd().startsWith(work) && container.startsWith("container_")) {
        found.add(new Executor(jvm.pid(), jvm.arg("--executor-id"), container,
            jvm.arg("--driver-url")));
      }
    }
    return found;
  }

  /** The files named {@code name} (stdout, stderr) of every container's log folder. */
  List<Path> containerFiles(String name) throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      return files.filter(f -> f.getFileName().toString().equals(name)
          && f.getParent().getFileName().toString().startsWith("container_")).sorted().toList();
    }
  }

  @Override
  public void close() {
    try {
      yarn.stop();
    } finally {
      hdfs.shutdown();
    }
  }

  private static void writeSite(Path file, Configuration from, List<String> keys)
      throws IOException {
    Configuration c = new Configuration(false);
    for (String key : keys) {
      c.set(key, from.get(key));
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      c.writeXml(out);
    }
  }
}
