package org.bnsweep.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.sweep.SparkSessions;
import org.bnsweep.sweep.SweepPlan;
import org.bnsweep.sweep.SweepRunner;

/**
 * The same sweep at several masters (local[1], local[2], ...), one after another in this JVM,
 * each into a fresh table. For each: the wall time, the sum of the trials' own times, the
 * efficiency (that sum over wall time x cores: 1 if every core trained all the time; Spark, the
 * table, data loading and idle cores make it less), the speed-up over the first master, and
 * whether the metrics agree with the first master's. Spark's one-off start-up costs are paid
 * by an untimed warm-up first; what remains of them still favours the later runs by a few
 * seconds, which matters only for sweeps of very short trials.
 */
final class SweepBenchmark {
  private SweepBenchmark() {}

  /** One master's run. {@code cores}: the parallelism Spark gave it. */
  record Run(String master, int cores, int trials, double wallSeconds, double dataSeconds,
      double trialSeconds, boolean sameMetrics) {
    Run {
      if (cores < 1 || wallSeconds <= 0) {
        throw new IllegalArgumentException("a run needs cores >= 1 and a wall time > 0, got "
            + cores + " cores and " + wallSeconds + " s (master " + master + ")");
      }
    }

    /** Sum of the trials' times over the core-seconds the run had. */
    double efficiency() {
      return trialSeconds / (wallSeconds * cores);
    }

    /** How many times faster than {@code first} (wall time). */
    double speedUp(Run first) {
      return first.wallSeconds / wallSeconds;
    }

    String line(Run first) {
      return String.format("%-10s %5d %8.1f %8.1f %10.1f %10.0f%% %8.2fx %8s", master, cores,
          wallSeconds, dataSeconds, trialSeconds, 100 * efficiency(), speedUp(first),
          sameMetrics ? "same" : "DIFFER");
    }

    Map<String, Object> json(Run first) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("master", master);
      m.put("cores", cores);
      m.put("trials", trials);
      m.put("wall_seconds", wallSeconds);
      m.put("data_seconds", dataSeconds);
      m.put("sum_of_trial_seconds", trialSeconds);
      m.put("efficiency", efficiency());
      m.put("speedup", speedUp(first));
      m.put("metrics_same_as_first", sameMetrics);
      return m;
    }
  }

  static final String HEADER = String.format("%-10s %5s %8s %8s %10s %11s %9s %8s", "master",
      "cores", "wall s", "data s", "trials s", "efficiency", "speed-up", "metrics");

  /** Runs the sweep at each master, printing a line per run; returns the runs as JSON maps. */
  static List<Object> run(SweepPlan plan, List<String> masters, PrintWriter out) {
    List<Object> json = new ArrayList<>();
    Run first = null;
    Map<String, Double> firstMetrics = null;
    warmUp(masters.get(0));
    out.println(HEADER);
    out.flush();
    for (String master : masters) {
      String table = tempTable().toString();
      SparkSession spark = SparkSessions.create("bnsweep bench " + master, master, false);
      SweepRunner.Summary s;
      int cores;
      Map<String, Double> metrics;
      try {
        s = new SweepRunner(spark.sparkContext(), plan.withResults(table),
            new PrintStream(new ByteArrayOutputStream())).run();
        cores = spark.sparkContext().defaultParallelism();
        metrics = metrics(spark, table);
      } finally {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
      }
      double trialSeconds = 0;
      for (List<SweepRunner.Outcome> stage : s.stages().values()) {
        for (SweepRunner.Outcome o : stage) {
          trialSeconds += o.seconds();
        }
      }
      if (firstMetrics == null) {
        firstMetrics = metrics;
      }
      Run run = new Run(master, cores, metrics.size() / 2, s.seconds(), s.dataSeconds(),
          trialSeconds, firstMetrics.equals(metrics));
      if (first == null) {
        first = run;
      }
      out.println(run.line(first));
      out.flush();
      json.add(run.json(first));
    }
    return json;
  }

  /**
   * Spark's first jobs in a JVM load and compile code (SQL code generation, the Parquet writer
   * and reader) for many seconds, which would be charged to the first master's run and inflate
   * the speed-up of the others: run such jobs once, untimed.
   */
  private static void warmUp(String master) {
    String table = tempTable().toString();
    SparkSession spark = SparkSessions.create("bnsweep bench warm-up", master, false);
    try {
      spark.range(4).selectExpr("id", "cast(id as double) / 3 as x", "array(id) as a")
          .write().parquet(table);
      spark.read().parquet(table).where("x > 0").orderBy("id").collectAsList();
      spark.range(4).repartition(2).foreachPartition(
          (org.apache.spark.api.java.function.ForeachPartitionFunction<Long>) it -> { });
    } finally {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  /** Validation and test accuracy of every trial in the table, by trial id. */
  private static Map<String, Double> metrics(SparkSession spark, String table) {
    Map<String, Double> metrics = new TreeMap<>();
    List<Row> rows = new ResultsTable(table,
        HadoopConf.of(spark.sparkContext().hadoopConfiguration())).read(spark)
        .select("trial_id", "val_accuracy", "test_accuracy").collectAsList();
    for (Row r : rows) {
      metrics.put(r.getString(0) + " val", r.isNullAt(1) ? null : r.getDouble(1));
      metrics.put(r.getString(0) + " test", r.isNullAt(2) ? null : r.getDouble(2));
    }
    return metrics;
  }

  private static Path tempTable() {
    try {
      return Files.createTempDirectory("bnsweep-bench-").resolve("trials");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
