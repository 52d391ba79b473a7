package org.bnsweep.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.management.ObjectName;

/**
 * A subcommand's class data sharing archive: the classes its JVM loaded, written once after a
 * build so that later runs map them instead of reading, parsing and verifying them again from
 * the jars (a sweep loads about 10,000: Spark, Hadoop, Parquet, Netty). That took about 3 s of
 * the fixed cost of a sweep (docs/performance.md).
 *
 * <p>{@code submit/bnsweep} starts a subcommand whose archive is missing or older than the jar
 * with {@code -XX:+RecordDynamicDumpInfo -Dbnsweep.class-archive=FILE}; once the command has
 * done its whole work ({@link #ranFully}, not a dry run, not an error), {@link #recordIfAsked}
 * has the JVM write its loaded classes (the {@code VM.cds dynamic_dump} diagnostic command) to
 * a temporary file and renames it to FILE: a run killed while it writes leaves no FILE, and a
 * torn archive, which crashes the JVM that maps it, is never named FILE. Later runs get {@code
 * -XX:SharedArchiveFile=FILE}. The JVM itself checks that the archive matches its class path
 * and ignores one that does not.
 *
 * <p>The JVM's own dump at exit ({@code -XX:ArchiveClassesAtExit}) would also record failed
 * runs and cannot be renamed once complete, since the script execs the JVM.
 */
final class ClassArchive {
  /** The system property that asks for the archive, and names its file. */
  static final String PROPERTY = "bnsweep.class-archive";
  /**
   * Suffixes of a recording's files, after ARCHIVE.PID: its archive, and its class+load log
   * (see linkLoaded), which submit/bnsweep asks the JVM to write there.
   */
  private static final List<String> TEMPORARY = List.of(".tmp", ".loaded");
  private static volatile boolean ranFully;

  private ClassArchive() {}

  /** Called by a command that did its whole work: only such a run's classes are recorded. */
  static void ranFully() {
    ranFully = true;
  }

  /**
   * Records the archive when asked, the command {@link #ranFully} and exited with 0. Never fails
   * the run: without an archive the next run starts as it would have anyway.
   */
  static void recordIfAsked(int status) {
    String file = System.getProperty(PROPERTY);
    if (file == null) {
      return;
    }
    Path archive = Path.of(file).toAbsolutePath();
    String recording = archive + "." + ProcessHandle.current().pid();
    Path temporary = Path.of(recording + TEMPORARY.get(0));
    Path loaded = Path.of(recording + TEMPORARY.get(1));
    try {
      if (status == 0 && ranFully) {
        System.err.println("bnsweep: recording the classes of this command for faster starts"
            + " (once after a build, some seconds; BNSWEEP_CLASS_ARCHIVE=off skips it)");
        removeAbandoned(archive);
        if (Files.exists(loaded)) {
          linkLoaded(loaded);
        }
        dump(temporary);
        if (Files.size(temporary) > 0) {
          Files.move(temporary, archive, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (Exception | LinkageError e) {
      if (System.getenv("BNSWEEP_DEBUG") != null) {
        System.err.println("bnsweep: no class archive written to " + archive + ": " + e);
      }
    } finally {
      try {
        Files.deleteIfExists(temporary);
        Files.deleteIfExists(loaded);
      } catch (IOException e) {
        // Left for removeAbandoned of a later recording.
      }
    }
  }

  /**
   * Has this JVM write the classes it loaded to {@code file}. The JDK's code behind the command
   * prints a line to System.out, which may be a command's JSON: it is silenced meanwhile.
   */
  private static void dump(Path file) throws Exception {
    PrintStream out = System.out;
    System.out.flush();
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
          new Object[] {new String[] {"dynamic_dump", file.toString()}},
          new String[] {String[].class.getName()});
    } finally {
      System.setOut(out);
    }
  }

  /**
   * Links the classes that the JVM's class+load log {@code log} lists as read from a jar. The
   * diagnostic command archives only linked classes, and a JVM links a class when it first runs
   * its code, not when it loads it to check another's; {@code -XX:ArchiveClassesAtExit} links
   * them all first, which is what this does (asking for a class's methods links it). Without it
   * a sweep's archive held 6,300 of its 10,500 classes, and a sweep started 0.45 s slower.
   */
  private static void linkLoaded(Path log) throws IOException {
    ClassLoader app = ClassLoader.getSystemClassLoader();
    try (var lines = Files.lines(log)) {
      // "NAME source: file:/...jar" (the log has no decorations).
      lines.map(line -> line.split(" ", 4))
          .filter(w -> w.length >= 3 && w[2].startsWith("file:"))
          .forEach(w -> {
            try {
              Class.forName(w[0], false, app).getDeclaredMethods();
            } catch (LinkageError | ClassNotFoundException e) {
              // Its methods name a class that is missing: left out of the archive.
            }
          });
    }
  }

  /** Deletes the files of recordings whose JVM is gone (killed while it ran or wrote). */
  private static void removeAbandoned(Path archive) throws IOException {
    String prefix = archive.getFileName() + ".";
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(archive.getParent(),
        prefix + "*")) {
      for (Path p : siblings) {
        String rest = p.getFileName().toString().substring(prefix.length());
        int dot = rest.indexOf('.');
        if (dot > 0 && rest.substring(0, dot).matches("[0-9]{1,18}")
            && TEMPORARY.contains(rest.substring(dot))
            && ProcessHandle.of(Long.parseLong(rest.substring(0, dot))).isEmpty()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
