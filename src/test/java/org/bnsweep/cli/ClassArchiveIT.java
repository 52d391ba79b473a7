package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.report.SyntheticTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data sharing archives of {@code submit/bnsweep} ({@link ClassArchive} and
 * class_archive_flags of submit/lib/jvm.sh), through the script as a user runs it: {@code
 * compact} of a small table, whose JVM needs no Spark and starts fast. Which classes a run took
 * from an archive is read from the JVM's own class+load log ("source: shared objects file
 * (top)" is the archive on top of the JDK's), so every check has its control: the same count
 * in the run before the archive existed.
 */
class ClassArchiveIT {
  static final Path ROOT = Path.of(System.getProperty("bnsweep.basedir", "")).toAbsolutePath();
  static final Path JAR = ROOT.resolve("target/bnsweep-0.1.0-SNAPSHOT.jar");
  static final String FROM_ARCHIVE = "source: shared objects file (top)";
  @TempDir static Path tables;
  @TempDir Path dir;
  static int copies;

  /** One run of the script: its exit status, its output, the classes it took from the top archive. */
  record Run(int exit, String stdout, String stderr, long fromArchive, long ours) {}

  @BeforeAll
  static void writeTable() {
    SparkSession spark = Fixtures.sparkSession("local[2]");
    try {
      SyntheticTable.write(spark, tables.resolve("source").toString());
    } finally {
      Fixtures.stopSpark(spark);
    }
  }

  /** A fresh copy of the synthetic table, which compact then merges. */
  static Path table() throws IOException {
    Path copy = tables.resolve("copy-" + copies++);
    try (Stream<Path> files = Files.walk(tables.resolve("source"))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(tables.resolve("source").relativize(f).toString()));
      }
    }
    return copy;
  }

  Run compact(Path archives, String results, String name) throws Exception {
    Path log = dir.resolve(name + ".classes");
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("submit/bnsweep").toString(), "compact",
        "--results", results).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.put("BNSWEEP_CLASS_ARCHIVE_DIR", archives.toString());
    env.put("BNSWEEP_JAVA_OPTS", "-Xlog:class+load=info:file=" + log + ":none:filecount=0");
    env.remove("BNSWEEP_CLASS_ARCHIVE");
    env.remove("HADOOP_CONF_DIR");
    env.remove("YARN_CONF_DIR");
    Process p = pb.start();
    if (!p.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("submit/bnsweep compact did not end in 3 minutes");
    }
    List<String> loaded = Files.readAllLines(log);
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err),
        loaded.stream().filter(l -> l.endsWith(FROM_ARCHIVE)).count(),
        loaded.stream().filter(l -> l.startsWith("org.bnsweep.") && l.endsWith(FROM_ARCHIVE))
            .count());
  }

  static Set<String> files(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void theFirstRunRecordsTheArchiveAndLaterRunsMapIt() throws Exception {
    Path archives = dir.resolve("archives");
    Run first = compact(archives, table().toString(), "first");
    assertEquals(0, first.exit(), first.stderr());
    assertEquals(0, first.fromArchive(), "no archive yet: nothing can come from one");
    assertEquals(Set.of("compact.jsa"), files(archives), "the archive, and no temporary file");
    // The JDK's code behind the dump prints a line of its own: it must not reach a command's
    // standard output (which may be JSON).
    assertTrue(first.stdout().startsWith("sweep "), first.stdout());
    assertFalse(first.stdout().contains("ump"), first.stdout());
    assertTrue(first.stderr().contains("recording the classes"), first.stderr());

    FileTime recorded = Files.getLastModifiedTime(archives.resolve("compact.jsa"));
    Run second = compact(archives, table().toString(), "second");
    assertEquals(0, second.exit(), second.stderr());
    assertEquals(first.stdout().replaceAll("[0-9.]+ s", "T s"),
        second.stdout().replaceAll("[0-9.]+ s", "T s"));
    // The same notices (the synthetic table's timestamps are of an older kind), less the line
    // that said the first run records.
    assertEquals(first.stderr().lines().filter(l -> !l.contains("recording the classes"))
            .map(l -> l.replaceAll("copy-[0-9]+", "copy-N")).toList(),
        second.stderr().lines().map(l -> l.replaceAll("copy-[0-9]+", "copy-N")).toList());
    // Classes linked only for the archive (ClassArchive asks for every loaded class's methods)
    // count too, hence "most": a compact loads about 2,500 classes from jars.
    assertTrue(second.fromArchive() > 1000, "classes from the archive: " + second.fromArchive());
    assertTrue(second.ours() > 20, "bnsweep's classes from the archive: " + second.ours());
    assertEquals(recorded, Files.getLastModifiedTime(archives.resolve("compact.jsa")));
  }

  @Test
  void aFailedRunRecordsNothing() throws Exception {
    Path archives = dir.resolve("archives");
    Run failed = compact(archives, dir.resolve("no-table").toString(), "failed");
    assertEquals(1, failed.exit(), failed.stderr());
    assertTrue(failed.stderr().startsWith("bnsweep compact: error: "), failed.stderr());
    assertEquals(1, failed.stderr().strip().lines().count(), failed.stderr());
    assertEquals(Set.of(), files(archives), "no archive and no class log left");
    // Control: the same run on a table records.
    assertEquals(0, compact(archives, table().toString(), "control").exit());
    assertEquals(Set.of("compact.jsa"), files(archives));
  }

  @Test
  void anArchiveOlderThanTheJarIsRecordedAgain() throws Exception {
    Path archives = dir.resolve("archives");
    assertEquals(0, compact(archives, table().toString(), "first").exit());
    Path archive = archives.resolve("compact.jsa");
    FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(JAR).toMillis() - 3_600_000);
    Files.setLastModifiedTime(archive, old);
    Run stale = compact(archives, table().toString(), "stale");
    assertEquals(0, stale.exit(), stale.stderr());
    assertEquals(0, stale.fromArchive(), "an archive older than the jar is not mapped");
    assertTrue(stale.stderr().contains("recording the classes"), stale.stderr());
    assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(JAR)) > 0,
        "recorded again after the jar");
    assertTrue(compact(archives, table().toString(), "after").fromArchive() > 1000);
  }

  @Test
  void aRecordingRemovesTheFilesOfDeadRecordingsOnly() throws Exception {
    Path archives = Files.createDirectories(dir.resolve("archives"));
    long live = ProcessHandle.current().pid();
    // No process has this id (above Linux's largest pid_max, 2^22).
    long dead = 99_999_999L;
    List<String> planted = List.of("compact.jsa." + dead + ".tmp",
        "compact.jsa." + dead + ".loaded", "compact.jsa." + live + ".tmp", "compact.jsa.notes",
        "sweep.jsa." + dead + ".tmp");
    for (String name : planted) {
      Files.writeString(archives.resolve(name), "torn\n", StandardCharsets.UTF_8);
    }
    assertEquals(new TreeSet<>(planted), files(archives), "planted before any run");
    assertEquals(0, compact(archives, table().toString(), "run").exit());
    assertEquals(new TreeSet<>(List.of("compact.jsa", "compact.jsa." + live + ".tmp",
        "compact.jsa.notes", "sweep.jsa." + dead + ".tmp")), files(archives),
        "a dead recording's files of this command removed; a live one's, a user's file and"
            + " another command's left");
  }
}
