package org.bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit/standalone} kills and deletes only what it made (issue: pointed at a folder of
 * the user's, {@code stop} deleted its work/ and logs/): run with bash on a copy of the scripts
 * ({@link ScriptCheckout}), with {@code sleep} processes standing in for JVMs.
 */
class StandaloneOwnershipTest {
  @TempDir Path dir;
  ScriptCheckout checkout;
  Path state;
  final List<Process> sleepers = new ArrayList<>();

  @BeforeEach
  void copyScripts() throws IOException {
    checkout = new ScriptCheckout(dir);
    state = dir.resolve("users-folder");
  }

  @AfterEach
  void killSleepers() throws IOException {
    sleepers.forEach(Process::destroyForcibly);
    if (checkout.fakeMasterStarted()) {
      ProcessHandle.of(checkout.fakeMasterPid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void stopLeavesAFolderItDidNotMakeAndItsProcessesAlone() throws Exception {
    Map<String, String> before = usersFolder();
    Process foreign = sleep();
    Files.createDirectories(state.resolve("pids"));
    Files.writeString(state.resolve("pids/master.pid"), foreign.pid() + "\n");
    before.put("pids/master.pid", foreign.pid() + "\n");

    ScriptCheckout.Result r = stop();

    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(1, r.stdout().lines().count(), r.toString());
    assertTrue(r.stdout().contains("nothing to stop"), r.toString());
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
        ours.pid() + " " + ScriptCheckout.startTime(ours.pid()) + "\n");
    // A pid reused by another process: the recorded start time is not this process's.
    long otherStart = Long.parseLong(ScriptCheckout.startTime(reused.pid())) + 1;
    Files.writeString(state.resolve("pids/master.pid"), reused.pid() + " " + otherStart + "\n");
    Files.writeString(state.resolve("pids/worker-2.pid"), oldFormat.pid() + "\n");

    ScriptCheckout.Result r = stop();

    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(ours.waitFor(10, TimeUnit.SECONDS),
        "stop did not end the process of its own pid file:\n" + r);
    assertTrue(reused.isAlive(), "stop killed a process whose pid was reused:\n" + r);
    assertTrue(oldFormat.isAlive(), "stop killed a process of a pid file without start time");
    assertFalse(Files.exists(state), "stop left what start made:\n" + r);
  }

  @Test
  void startRefusesAFolderHoldingForeignContentInItsSubfolders() throws Exception {
    Map<String, String> before = usersFolder();

    ScriptCheckout.Result r = start();

    assertEquals(1, r.exitCode(), r.toString());
    assertEquals(1, r.stderr().lines().count(), r.toString());
    assertTrue(r.stderr().contains("logs, work") && r.stderr().contains("BNSWEEP_CLUSTER_DIR"),
        r.toString());
    assertEquals(before, contents(state));
    assertFalse(checkout.fakeMasterStarted(), "start started a master");
  }

  @Test
  void startThatFailsHalfWayStopsItsMasterAndRemovesWhatItMadeButTheLogs() throws Exception {
    Files.createDirectories(state);
    Files.writeString(state.resolve("notes.txt"), "the user's\n");

    ScriptCheckout.Result r = start();

    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.stderr().contains("worker-1 exited while starting"), r.toString());
    ProcessHandle master = ProcessHandle.of(checkout.fakeMasterPid()).orElse(null);
    assertTrue(master == null || !master.isAlive(), "the master it started still runs:\n" + r);
    Map<String, String> left = contents(state);
    assertEquals(List.of(".bnsweep-standalone", "logs/master.out", "logs/worker-1.out",
        "notes.txt"), left.keySet().stream().toList(), r.toString());

    ScriptCheckout.Result stopped = stop();
    assertEquals(0, stopped.exitCode(), stopped.toString());
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

  private ScriptCheckout.Result start() throws Exception {
    return checkout.run(Map.of("BNSWEEP_CLUSTER_DIR", state.toString()), "standalone", "start",
        "--workers", "1", "--port", "1", "--webui-port", "2", "--timeout", "20");
  }

  private ScriptCheckout.Result stop() throws Exception {
    return checkout.run(Map.of("BNSWEEP_CLUSTER_DIR", state.toString()), "standalone", "stop");
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
