package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bnsweep cluster} ({@link StandaloneCluster}, {@link ClusterFolder}) kills and deletes
 * only what it made (issue: pointed at a folder of the
 * user's, {@code stop} deleted its work/ and logs/): {@link StandaloneCluster} run in this JVM
 * with a stand-in {@code java} that stays alive as a master ({@code sleep 300}) and fails at once
 * as a worker, and with {@code sleep} processes standing in for the cluster's JVMs.
 */
class StandaloneOwnershipTest {
  private static final String FAKE_JAVA = """
      #!/bin/sh
      case " $* " in
        *" org.apache.spark.deploy.master.Master "*)
          echo $$ >"$(dirname "$0")/fake-master.pid"; exec sleep 300 ;;
        *) echo "a stand-in java that fails on purpose, run with: $*" >&2; exit 1 ;;
      esac
      """;

  @TempDir Path dir;
  Path state;
  Path fakeMasterPid;
  StandaloneCluster cluster;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final List<Process> sleepers = new ArrayList<>();

  @BeforeEach
  void standInJava() throws IOException {
    Path java = dir.resolve("bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, FAKE_JAVA);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    fakeMasterPid = dir.resolve("bin/fake-master.pid");
    Path jar = Files.createFile(dir.resolve("spark-core-stand-in.jar"));
    state = dir.resolve("users-folder");
    cluster = new StandaloneCluster(state, new StandaloneCluster.Launch(List.of(java.toString()),
        List.of(jar), List.of()), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @AfterEach
  void killSleepers() throws IOException {
    sleepers.forEach(Process::destroyForcibly);
    if (Files.exists(fakeMasterPid)) {
      ProcessHandle.of(fakeMasterPid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void stopLeavesAFolderItDidNotMakeAndItsProcessesAlone() throws Exception {
    Map<String, String> before = usersFolder();
    Process foreign = sleep();
    Files.createDirectories(state.resolve("pids"));
    Files.writeString(state.resolve("pids/master.pid"), foreign.pid() + "\n");
    before.put("pids/master.pid", foreign.pid() + "\n");

    cluster.stop(false);

    assertEquals(1, out.toString().lines().count(), out.toString());
    assertTrue(out.toString().contains("nothing to stop"), out.toString());
    assertEquals(before, contents(state));
    assertTrue(foreign.isAlive(), "stop killed a process it did not start");
  }

  @Test
  void stopSignalsAPidFileOnlyWhenItsStartTimeIsTheProcesss() throws Exception {
    Process ours = sleep();
    Process reused = sleep();
    Process oldFormat = sleep();
    Files.createDirectories(state.resolve("pids"));
    Files.writeString(state.resolve(".bnsweep-standalone"), "pids\n");
    Files.writeString(state.resolve("pids/worker-1.pid"),
        ours.pid() + " " + startMillis(ours) + "\n");
    // A pid reused by another process: the recorded start time is not this process's.
    long otherStart = startMillis(reused) + 10;
    Files.writeString(state.resolve("pids/master.pid"), reused.pid() + " " + otherStart + "\n");
    Files.writeString(state.resolve("pids/worker-2.pid"), oldFormat.pid() + "\n");

    cluster.stop(false);

    String r = out.toString();
    assertTrue(ours.waitFor(10, TimeUnit.SECONDS),
        "stop did not end the process of its own pid file:\n" + r);
    assertTrue(reused.isAlive(), "stop killed a process whose pid was reused:\n" + r);
    assertTrue(oldFormat.isAlive(), "stop killed a process of a pid file without start time");
    assertFalse(Files.exists(state), "stop left what start made:\n" + r);
  }

  @Test
  void startRefusesAFolderHoldingForeignContentInItsSubfolders() throws Exception {
    Map<String, String> before = usersFolder();

    String r = assertThrows(IllegalStateException.class, this::start).getMessage();

    assertEquals(1, r.lines().count(), r);
    assertTrue(r.contains("logs, work") && r.contains("BNSWEEP_CLUSTER_DIR"), r);
    assertEquals(before, contents(state));
    assertFalse(Files.exists(fakeMasterPid), "start started a master");
  }

  @Test
  void startThatFailsHalfWayStopsItsMasterAndRemovesWhatItMadeButTheLogs() throws Exception {
    Files.createDirectories(state);
    Files.writeString(state.resolve("notes.txt"), "the user's\n");

    String r = assertThrows(IllegalStateException.class, this::start).getMessage() + "\n" + err;

    assertTrue(r.contains("worker-1 exited while starting"), r);
    ProcessHandle master = ProcessHandle.of(fakeMasterPid()).orElse(null);
    assertTrue(master == null || !master.isAlive(), "the master it started still runs:\n" + r);
    Map<String, String> left = contents(state);
    assertEquals(List.of(".bnsweep-standalone", "logs/master.out", "logs/worker-1.out",
        "notes.txt"), left.keySet().stream().toList(), r);

    cluster.stop(false);
    assertEquals(Map.of("notes.txt", "the user's\n"), contents(state));
  }

  /** The folder of the issue: the user's files in work/ and logs/. */
  private Map<String, String> usersFolder() throws IOException {
    Files.createDirectories(state.resolve("work"));
    Files.createDirectories(state.resolve("logs"));
    Files.writeString(state.resolve("work/precious.txt"), "precious\n");
    Files.writeString(state.resolve("logs/mylog"), "my log\n");
    return contents(state);
  }

  private void start() throws Exception {
    cluster.start(new StandaloneCluster.Options(1, 1, "1g", 1, 2, Optional.empty(),
        Duration.ofSeconds(20), "512m"));
  }

  private long fakeMasterPid() throws IOException {
    return Long.parseLong(Files.readString(fakeMasterPid).trim());
  }

  private static long startMillis(Process p) {
    return ClusterFolder.startMillis(p.toHandle()).orElseThrow();
  }

  private Process sleep() throws IOException {
    Process p = new ProcessBuilder("sleep", "300").start();
    sleepers.add(p);
    return p;
  }

  /** Every file under {@code folder} (relative path) with its text, sorted by path. */
  private static Map<String, String> contents(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(folder)) {
      return files;
    }
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(f).toString(), Files.readString(f));
      }
    }
    return files;
  }
}
