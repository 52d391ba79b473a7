package org.bnsweep.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of this checkout's submit/ scripts and pom.xml in a folder of its own, with stand-in
 * jars under target/ (newer than its empty src/main, so no script builds) and a stand-in
 * {@code java} first on the PATH: the scripts run end to end in a second, with no Spark. The
 * stand-in {@code java} stays alive as a master ({@code sleep 300}, its pid in
 * {@code fake-master.pid}) and fails at once as anything else (a worker, a driver), printing
 * its arguments.
 */
final class ScriptCheckout {
  private static final String FAKE_JAVA = """
      #!/bin/sh
      case " $* " in
        *" org.apache.spark.deploy.master.Master "*)
          echo $$ >"$(dirname "$0")/../fake-master.pid"; exec sleep 300 ;;
        *) echo "a stand-in java that fails on purpose, run with: $*" >&2; exit 1 ;;
      esac
      """;

  final Path root;

  /** What a script printed and its exit status. */
  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  ScriptCheckout(Path dir) throws IOException {
    this.root = dir.resolve("checkout");
    copyTree(LocalCluster.ROOT.resolve("submit"), root.resolve("submit"));
    Files.copy(LocalCluster.ROOT.resolve("pom.xml"), root.resolve("pom.xml"));
    Files.createDirectories(root.resolve("src/main"));
    Path target = Files.createDirectories(root.resolve("target"));
    Path fakeJar = Files.createFile(target.resolve("spark-core-stand-in.jar"));
    Files.writeString(target.resolve("classpath.txt"), fakeJar.toString());
    Files.createFile(target.resolve("bnsweep-0.1.0-SNAPSHOT.jar"));
    Files.createFile(target.resolve("bnsweep-0.1.0-SNAPSHOT-cluster.jar"));
    Path java = Files.createDirectories(root.resolve("bin")).resolve("java");
    Files.writeString(java, FAKE_JAVA);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Runs {@code bash submit/<script> args} in the copy, with {@code env} added. */
  Result run(Map<String, String> env, String script, String... args) throws IOException,
      InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("submit/" + script).toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(cmd).directory(root.toFile());
    b.environment().putAll(env);
    b.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
    Path out = Files.createTempFile(root, "stdout", ".txt");
    Path err = Files.createTempFile(root, "stderr", ".txt");
    Process p = b.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    Duration timeout = Duration.ofSeconds(60);
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(script + " took longer than " + timeout + ":\n"
          + Files.readString(out) + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** The stand-in master's pid, once it has started. */
  long fakeMasterPid() throws IOException {
    return Long.parseLong(Files.readString(root.resolve("fake-master.pid")).trim());
  }

  boolean fakeMasterStarted() {
    return Files.exists(root.resolve("fake-master.pid"));
  }

  /** Field 22 of /proc/PID/stat: the start time that the pid files record. */
  static String startTime(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"),
        StandardCharsets.UTF_8);
    return stat.substring(stat.lastIndexOf(") ") + 2).split(" ")[19];
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path dest = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
