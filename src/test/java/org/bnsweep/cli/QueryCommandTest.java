package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.report.SyntheticTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bnsweep query} end to end on a hand-made results table (no training): values as a SQL
 * shell shows them, one line for a missing table, and no statement that writes.
 */
class QueryCommandTest {
  @TempDir static Path dir;
  static String table;

  /** The synthetic table, laid out as sweeps write it: one file per trial. */
  @BeforeAll
  static void writeTable() {
    table = dir.resolve("trials").toString();
    SparkSession spark = Fixtures.sparkSession("local[2]");
    try {
      SyntheticTable.write(spark, table);
    } finally {
      // The command makes its own session; it must not find and stop this one.
      Fixtures.stopSpark(spark);
    }
  }

  /** The cells of a printed table, cut at the column rule under the header. */
  private static List<List<String>> cells(String out) {
    List<String> lines = out.strip().lines().toList();
    int rule = 0;
    while (!lines.get(rule).matches("-+( {2}-+)*")) {
      rule++;
    }
    List<int[]> columns = new ArrayList<>();
    Matcher m = Pattern.compile("-+").matcher(lines.get(rule));
    while (m.find()) {
      columns.add(new int[] {m.start(), m.end()});
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines.subList(rule + 1, lines.size() - 1)) {
      List<String> row = new ArrayList<>();
      for (int[] c : columns) {
        row.add(line.substring(Math.min(c[0], line.length()), Math.min(c[1], line.length()))
            .strip());
      }
      rows.add(row);
    }
    return rows;
  }

  @Test
  void everyColumnTypeIsPrintedAsSparkCastsItToText() {
    // Each column next to Spark's own text of it (its cast to string): they must agree.
    String[] columns = {"trial_id", "hidden", "depth", "seed", "lambda", "batch_norm", "sigma",
        "started_at"};
    StringBuilder sql = new StringBuilder("SELECT ");
    for (String c : columns) {
      sql.append(c).append(", CAST(").append(c).append(" AS STRING) AS ").append(c)
          .append("_text, ");
    }
    sql.append("curve FROM trials WHERE sweep = 'full' AND stage = 'depth' ORDER BY trial_id");
    MainTest.Run r = MainTest.run("query", "--results", table, sql.toString());
    assertEquals(0, r.status(), r.err());
    List<List<String>> rows = cells(r.out());
    assertEquals(4, rows.size(), r.out());
    for (List<String> row : rows) {
      for (int i = 0; i < columns.length; i++) {
        String value = row.get(2 * i);
        String text = row.get(2 * i + 1);
        assertEquals(text.equals("NULL") || text.isEmpty() ? "NULL" : text, value,
            columns[i] + " in\n" + r.out());
      }
      String curve = row.get(2 * columns.length);
      assertTrue(curve.equals("NULL") || curve.startsWith("[{epoch: 1, updates: 100, ")
          && curve.endsWith(", ... 8 items]"), curve);
    }
    assertTrue(r.out().contains("[50, 50]") && r.out().contains("NULL"), r.out());
    assertTrue(r.out().strip().endsWith("(4 rows)"), r.out());
  }

  @Test
  void jsonIsSparksJson() {
    MainTest.Run r = MainTest.run("query", "--json", "--results", table,
        "SELECT hidden, curve FROM trials WHERE stage = 'final'");
    assertEquals(0, r.status(), r.err());
    String line = r.out().strip();
    assertTrue(line.startsWith("{\"hidden\":[50,50],\"curve\":[{\"epoch\":1,\"updates\":100,"),
        line);
    assertEquals(1, line.lines().count(), line);
  }

  @Test
  void aMissingOrEmptyTableIsOneLineSayingHowToMakeOne() throws IOException {
    MainTest.Run missing = MainTest.run("query", "--results", dir.resolve("none").toString(),
        "SELECT * FROM trials");
    assertEquals(1, missing.status());
    assertEquals("bnsweep query: error: results table " + dir.resolve("none")
        + " does not exist; run a sweep first: submit/bnsweep sweep conf/quick.conf, or pass"
        + " --results PATH", missing.err().strip());

    Path empty = Files.createDirectories(dir.resolve("empty/sweep=x"));
    Files.writeString(empty.resolve(".tmp-1.parquet"), "a trial that died being written");
    MainTest.Run none = MainTest.run("query", "--results", dir.resolve("empty").toString(),
        "SELECT * FROM trials");
    assertEquals(1, none.status());
    assertTrue(none.err().startsWith("bnsweep query: error: results table "
        + dir.resolve("empty") + " has no trials; run a sweep first"), none.err());
    assertEquals(1, none.err().strip().lines().count(), none.err());
  }

  @Test
  void insertOverwriteDirectoryIsRefusedAndTheFolderSurvives() throws IOException {
    Path precious = Files.createDirectories(dir.resolve("precious"));
    Files.writeString(precious.resolve("notes.txt"), "keep me");
    for (String sql : List.of(
        "INSERT OVERWRITE DIRECTORY '" + precious + "' USING parquet SELECT 1",
        "/* */ INSERT OVERWRITE DIRECTORY '" + precious + "' USING parquet SELECT 1",
        "WITH x AS (SELECT 1) INSERT OVERWRITE DIRECTORY '" + precious
            + "' USING parquet SELECT * FROM x")) {
      MainTest.Run r = MainTest.run("query", "--results", table, sql);
      assertEquals(1, r.status(), r.out());
      assertTrue(r.err().startsWith("bnsweep query: error: query is read-only: refused \""),
          r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertEquals("keep me", Files.readString(precious.resolve("notes.txt")), sql);
    }
  }

  /**
   * query and report read the table through one reader with one policy, so they agree on which
   * rows exist: with a truncated trial file, a trial file holding another trial's row, a stray
   * Parquet file and notes beside them, both give the good trials' rows, and neither moves or
   * deletes a file (they write nothing).
   */
  @Test
  void queryAndReportAgreeOnTheRowsOfATableWithBadFiles() throws IOException {
    Path bad = dir.resolve("bad");
    Path full = Files.createDirectories(bad.resolve("sweep=" + SyntheticTable.FULL));
    List<Path> trials;
    try (var files = Files.list(Path.of(table, "sweep=" + SyntheticTable.FULL))) {
      trials = files.filter(f -> f.getFileName().toString().startsWith("trial-")).sorted()
          .toList();
    }
    List<String> good = new ArrayList<>();
    for (int i = 0; i < trials.size(); i++) {
      byte[] bytes = Files.readAllBytes(trials.get(i));
      String name = trials.get(i).getFileName().toString();
      if (i == 0) {
        bytes = java.util.Arrays.copyOf(bytes, 100); // truncated
      } else if (i == 1) {
        bytes = Files.readAllBytes(trials.get(2)); // trial 2's row under trial 1's name
      } else if (i == 2) {
        Files.write(full.resolve("part-00000-copy.parquet"), bytes); // a stray copy, and gone
        continue;
      } else {
        good.add(name.substring("trial-".length(), name.length() - ".parquet".length()));
      }
      Files.write(full.resolve(name), bytes);
    }
    Files.writeString(full.resolve("notes.txt"), "my notes");
    List<String> before;
    try (var files = Files.walk(bad)) {
      before = files.map(Path::toString).sorted().toList();
    }

    MainTest.Run r = MainTest.run("query", "--json", "--results", bad.toString(),
        "SELECT trial_id FROM trials ORDER BY trial_id");
    assertEquals(0, r.status(), r.err());
    List<String> queried = r.out().strip().lines()
        .map(line -> line.replaceAll("\\{\"trial_id\":\"([0-9a-f]+)\"}", "$1")).toList();
    List<String> reported;
    SparkSession spark = Fixtures.sparkSession("local[2]");
    try {
      reported = org.bnsweep.report.TrialReader.open(spark, bad.toString())
          .trials(SyntheticTable.FULL).stream().map(org.bnsweep.report.Trial::trialId)
          .sorted().toList();
    } finally {
      Fixtures.stopSpark(spark);
    }
    assertEquals(good.stream().sorted().toList(), queried, r.err());
    assertEquals(queried, reported);
    try (var files = Files.walk(bad)) {
      assertEquals(before, files.map(Path::toString).sorted().toList(), "files moved");
    }
  }

  /**
   * The three holes of issue 18, end to end: a Java method named by an expression, a Java call
   * in a named window, a file of the user's read as a table. Each is refused in one line, and
   * nothing of what it would have read reaches the output.
   */
  @Test
  void javaCallsAndFilesAreRefusedWhateverTheirDisguise() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "a\nb\nc\n");
    for (String sql : List.of(
        "SELECT IDENTIFIER('java_' || 'method')('java.lang.System','getProperty','user.home')",
        "SELECT trial_id, count(*) OVER w FROM trials"
            + " WINDOW w AS (PARTITION BY reflect('java.lang.System','getProperty','user.home'))",
        "SELECT count(*) FROM text.`" + secret + "`")) {
      MainTest.Run r = MainTest.run("query", "--results", table, sql);
      assertEquals(1, r.status(), sql + " printed\n" + r.out());
      assertEquals("", r.out().strip(), sql);
      assertTrue(r.err().startsWith("bnsweep query: error: query is read-only: refused \""),
          r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
  }

  /**
   * In a JVM of its own, because log4j writes to the standard error it found at start, which a
   * test cannot swap: all that reaches the terminal is the one error line.
   */
  @Test
  void noTraceReachesTheTerminal() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Djdk.") || arg.startsWith("-Dio.")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "query", "--results", dir.resolve("none").toString(),
        "SELECT * FROM trials"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().remove("BNSWEEP_DEBUG");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] err = p.getErrorStream().readAllBytes();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command did not end");
    String stderr = new String(err, StandardCharsets.UTF_8);
    assertEquals(1, p.exitValue(), stderr);
    assertEquals("", new String(out, StandardCharsets.UTF_8).strip());
    assertEquals(1, stderr.strip().lines().count(), stderr);
    assertTrue(stderr.startsWith("bnsweep query: error: results table "), stderr);
  }
}
