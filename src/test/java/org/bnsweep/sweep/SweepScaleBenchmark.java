package org.bnsweep.sweep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.cli.Main;
import org.bnsweep.results.FinishedTrials;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.ResultsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sweep costs the driver per trial, and reading its table back, at 100, 1,000 and 10,000
 * trials, with the trainer that does no arithmetic ({@link NoArithmetic}) at local[2]. Not a
 * test (its name ends in Benchmark, so the build skips it): run it alone on an idle machine,
 *
 * <pre>mvn -B -q -o -ntp test -Dtest=SweepScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 *   [-Dbnsweep.scale.sizes=100,1000,10000]</pre>
 *
 * and it prints a Markdown table (also written to {@code target/scale-benchmark.md}): the plan
 * (a dry run: planning plus reading the table), the sweep (seconds outside reading the data, per
 * trial) and the driver's peak heap, then {@code compact}, and after it and before it (on a
 * copy of the table made before compact, read last because it is the slow part) a resume (the
 * sweep again, every trial already in the table), a query (the table as the view {@code
 * trials}, a count) and a report. Each figure is printed with the load average as soon as it
 * is measured.
 */
class SweepScaleBenchmark {
  @Test
  void measure(@TempDir Path dir) throws Exception {
    int[] sizes = Arrays.stream(System.getProperty("bnsweep.scale.sizes", "100,1000,10000")
        .split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
    List<String> lines = new ArrayList<>(List.of(
        "| trials | plan (dry run) s | sweep s | driver ms / trial | peak heap MiB"
            + " | resume s | query s | report s | compact s | resume s, compacted"
            + " | query s, compacted | report s, compacted |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|"));
    SparkSession spark = Fixtures.sparkSession("local[2]");
    try {
      for (int n : sizes) {
        lines.add(row(spark, dir.resolve("n" + n), n));
        System.out.println(lines.get(lines.size() - 1));
      }
    } finally {
      Fixtures.stopSpark(spark);
    }
    String table = String.join("\n", lines) + "\n";
    System.out.print(table);
    Files.writeString(Path.of("target", "scale-benchmark.md"), table, StandardCharsets.UTF_8);
  }

  private String row(SparkSession spark, Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    String results = dir.resolve("results").toString();
    SweepPlan plan = SweepFixtures.plan(dir, NoArithmeticTest.grid(n), results);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);

    double planSeconds = seconds(() -> {
      DryRun.print(plan, Configuration::new, quiet);
      return null;
    });
    resetPeaks();
    long start = System.nanoTime();
    SweepRunner.Summary sweep = new SweepRunner(spark.sparkContext(), plan, quiet, new NoArithmetic(0)).run();
    double sweepSeconds = (System.nanoTime() - start) / 1e9;
    long peakHeap = peakHeapBytes();
    if (sweep.trained() != n) {
      throw new IllegalStateException("trained " + sweep.trained() + " of " + n);
    }
    double perTrialMillis = (sweep.seconds() - sweep.dataSeconds()) * 1000 / n;
    progress(n, "plan %.1f s, sweep %.1f s, %.1f ms per trial, peak heap %d MiB", planSeconds,
        sweepSeconds, perTrialMillis, peakHeap >> 20);
    // The table before compact, copied aside and read last: reading it is the slow part.
    Path copy = dir.resolve("results-uncompacted");
    copyTree(Path.of(results), copy);
    ResultsTable table = new ResultsTable(results,
        HadoopConf.of(spark.sparkContext().hadoopConfiguration())).withNotices(s -> { });
    double compactSeconds = seconds(() -> table.compact(plan.name(), 10_000));
    progress(n, "compact %.1f s", compactSeconds);
    double[] after = readBack(spark, plan, results, dir.resolve("report-after"), n);
    progress(n, "compacted: resume %.1f s, query %.1f s, report %.1f s", after[0], after[1],
        after[2]);
    double[] before = readBack(spark, plan.withResults(copy.toString()), copy.toString(),
        dir.resolve("report-before"), n);
    progress(n, "not compacted: resume %.1f s, query %.1f s, report %.1f s", before[0],
        before[1], before[2]);
    return String.format("| %,d | %.1f | %.1f | %.1f | %d | %.1f | %.1f | %.1f | %.1f | %.1f"
        + " | %.1f | %.1f |", n, planSeconds, sweepSeconds, perTrialMillis, peakHeap >> 20,
        before[0], before[1], before[2], compactSeconds, after[0], after[1], after[2]);
  }

  /** A figure as soon as it is measured, with the load average, for runs that take an hour. */
  private static void progress(int n, String format, Object... args) throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    String load = Files.exists(loadavg) ? Files.readString(loadavg).strip() : "unknown";
    System.out.printf("%,d trials: %s (load average %s)%n", n, String.format(format, args), load);
    System.out.flush();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /** Seconds of a resume, a query and a report of the sweep, each checked to see n trials. */
  private static double[] readBack(SparkSession spark, SweepPlan plan, String results, Path out,
      int n) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
    double resume = seconds(() -> {
      SweepRunner.Summary s = new SweepRunner(spark.sparkContext(), plan, quiet, new NoArithmetic(0)).run();
      if (s.reused() != n || s.trained() != 0) {
        throw new IllegalStateException("resume reused " + s.reused() + " of " + n);
      }
      return null;
    });
    double query = seconds(() -> {
      new ResultsTable(results, HadoopConf.of(spark.sparkContext().hadoopConfiguration()))
          .readOnly().withNotices(s -> { }).readAll(spark)
          .createOrReplaceTempView(ResultsTable.VIEW);
      long count = spark.sql("SELECT count(DISTINCT trial_id) FROM trials").first().getLong(0);
      if (count != n) {
        throw new IllegalStateException("query counted " + count + " of " + n);
      }
      return null;
    });
    double report = seconds(() -> {
      int status = Main.run("report", "--results", results, "--sweep", plan.name(), "--out",
          out.toString());
      if (status != 0) {
        throw new IllegalStateException("report exited with " + status);
      }
      return null;
    });
    if (FinishedTrials.read(results, new Configuration()).size() != n) {
      throw new IllegalStateException("the plan's reader does not see " + n + " trials");
    }
    return new double[] {resume, query, report};
  }

  private static double seconds(Supplier<?> work) {
    long start = System.nanoTime();
    work.get();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  /** The sum of the heap pools' peaks since {@link #resetPeaks}: an upper bound of the peak. */
  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
