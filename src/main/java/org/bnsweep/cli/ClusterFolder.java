package org.bnsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The folder of a {@link StandaloneCluster} and what bnsweep owns in it, written down as it is
 * made: the names start creates, in the folder's {@value #MARKER} file, and each daemon's pid
 * with its start time, in {@code pids/}. Only the processes of those pid files whose start time
 * is still the recorded one (a reused pid is another process) and their descendants (executors,
 * cluster-mode drivers) are ever signalled, and only the names of the marker file are removed.
 */
final class ClusterFolder {
  static final String MARKER = ".bnsweep-standalone";
  /** What start makes in the folder, in this order. */
  static final List<String> CREATED = List.of("spark-home", "logs", "pids", "work", "local",
      "cluster.env");
  private static final Duration GRACE = Duration.ofSeconds(20);
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** A live process of the cluster and what it is (master, worker-1, executor, ...). */
  record Member(ProcessHandle handle, String role) {}

  private final Path state;

  ClusterFolder(Path state) {
    this.state = state.toAbsolutePath().normalize();
  }

  Path path() {
    return state;
  }

  /** The names start makes that are here although bnsweep did not make them (no marker). */
  List<String> foreignEntries() {
    return owned() ? List.of()
        : CREATED.stream().filter(e -> Files.exists(state.resolve(e), NOFOLLOW)).toList();
  }

  /** Writes pids/NAME.pid, "pid start-millis", atomically. */
  void writePidFile(String name, ProcessHandle h) throws IOException {
    Path tmp = state.resolve("pids/." + name + ".tmp");
    Files.writeString(tmp, h.pid() + " " + startMillis(h).orElse(0L) + "\n");
    Files.move(tmp, state.resolve("pids/" + name + ".pid"), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Records a client-mode driver of this cluster's master (this JVM) in pids/, so that stop
   * ends it too: it would wait for a stopped master forever.
   */
  void registerDriver(String master) throws IOException {
    Path pids = state.resolve("pids");
    if (!owned() || !Files.isDirectory(pids) || !master.equals(clusterEnv()
        .getProperty("master_url"))) {
      return;
    }
    ProcessHandle me = ProcessHandle.current();
    writePidFile("driver-" + me.pid(), me);
    pids.resolve("driver-" + me.pid() + ".pid").toFile().deleteOnExit();
  }

  /** The live processes of the pid files (start time checked) and their descendants. */
  List<Member> members() {
    Map<Long, Member> found = new LinkedHashMap<>();
    for (Member root : roots().values()) {
      found.put(root.handle().pid(), root);
      root.handle().descendants().filter(ClusterFolder::running)
          .forEach(d -> found.putIfAbsent(d.pid(), new Member(d, role(d))));
    }
    return List.copyOf(found.values());
  }

  /** The live processes of the pid files, by pid file name; none in a folder not ours. */
  Map<String, Member> roots() {
    Map<String, Member> roots = new LinkedHashMap<>();
    Path pids = state.resolve("pids");
    if (!owned() || !Files.isDirectory(pids)) {
      return roots;
    }
    try (var files = Files.list(pids)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".pid")).sorted().toList()) {
        String[] record = Files.readString(f).trim().split(" ");
        if (record.length != 2 || !record[0].matches("\\d+") || !record[1].matches("\\d+")) {
          continue; // no start time: the pid alone could be anyone's now
        }
        long start = Long.parseLong(record[1]);
        ProcessHandle.of(Long.parseLong(record[0])).filter(ClusterFolder::running)
            .filter(h -> startMillis(h).orElse(-1L) == start)
            .ifPresent(h -> roots.put(name(f), new Member(h, name(f))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return roots;
  }

  /** SIGTERM to each, up to 20 s to exit, then SIGKILL. */
  static void stopMembers(List<Member> members, PrintWriter log) {
    for (Member m : members) {
      log.println("stopping " + m.role() + " (pid " + m.handle().pid() + ")");
      m.handle().destroy(); // ProcessHandle checks the start time: never a reused pid
    }
    List<Member> left = awaitExit(members, GRACE);
    for (Member m : left) {
      log.println("killing " + m.role() + " (pid " + m.handle().pid() + "): it did not exit"
          + " within " + GRACE.toSeconds() + " s");
      m.handle().destroyForcibly();
    }
    left = awaitExit(left, Duration.ofSeconds(10));
    log.flush();
    if (!left.isEmpty()) {
      throw new IllegalStateException("some processes survived SIGKILL: "
          + left.stream().map(m -> m.handle().pid()).toList());
    }
  }

  private static List<Member> awaitExit(List<Member> members, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    List<Member> left = members;
    while (true) {
      left = left.stream().filter(m -> running(m.handle())).toList();
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return left;
      }
    }
  }

  /**
   * Removes what start made (the names of the marker file), never the folder's other files, then
   * the folder if empty. With {@code keepLogs}, logs/ and work/ stay and the marker names them.
   */
  void clean(boolean keepLogs) {
    if (!owned()) {
      return;
    }
    try {
      List<String> kept = new ArrayList<>();
      for (String e : Files.readAllLines(state.resolve(MARKER))) {
        if (!CREATED.contains(e) || !Files.exists(state.resolve(e), NOFOLLOW)) {
          continue; // a comment, or not a name start makes: leave it
        }
        if (keepLogs && (e.equals("logs") || e.equals("work"))) {
          kept.add(e);
        } else {
          deleteTree(state.resolve(e));
        }
      }
      if (!kept.isEmpty()) {
        writeMarker(kept);
        return;
      }
      Files.delete(state.resolve(MARKER));
      try (var left = Files.list(state)) {
        if (left.findAny().isEmpty()) {
          Files.delete(state);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean owned() {
    return Files.isRegularFile(state.resolve(MARKER));
  }

  void writeMarker(List<String> names) throws IOException {
    Files.writeString(state.resolve(MARKER), "# Made by bnsweep cluster start in this folder;"
        + " 'bnsweep cluster stop' removes them.\n" + String.join("\n", names) + "\n");
  }

  Properties clusterEnv() {
    Properties p = new Properties();
    try (var in = Files.newInputStream(state.resolve("cluster.env"))) {
      p.load(in);
    } catch (IOException e) {
      // no cluster.env: no master URL to match or to ask
    }
    return p;
  }

  /** Alive and not a zombie (one that exited but is not yet reaped counts as gone). */
  static boolean running(ProcessHandle h) {
    if (!h.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(h.pid()), "stat"));
      return !stat.substring(stat.lastIndexOf(") ") + 2).startsWith("Z");
    } catch (IOException | RuntimeException e) {
      return h.isAlive();
    }
  }

  static Optional<Long> startMillis(ProcessHandle h) {
    return h.info().startInstant().map(java.time.Instant::toEpochMilli);
  }

  private static String role(ProcessHandle h) {
    String args = String.join(" ", h.info().arguments().orElse(new String[0]));
    return args.contains("CoarseGrainedExecutorBackend") ? "executor"
        : args.contains("DriverWrapper") ? "driver" : "child";
  }

  private static String name(Path pidFile) {
    String n = pidFile.getFileName().toString();
    return n.substring(0, n.length() - ".pid".length());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
