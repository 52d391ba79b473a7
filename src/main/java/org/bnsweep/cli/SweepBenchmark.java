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
import org.apache.spark.sql.SparkSession;
import org.bnsweep.sweep.SparkSessions;
import org.bnsweep.sweep.SweepPlan;
import org.bnsweep.sweep.SweepRunner;

/**
 * The same sweep at several local parallelisms, one after another in this JVM, each into a
 * fresh table: wall time against the sum of the trials' own times (the overhead of Spark and of
 * the table), the speed-up, and whether the metrics agree.
 */
final class SweepBenchmark {
  private SweepBenchmark() {}

  static List<Object> run(SweepPlan plan, List<String> masters, PrintWriter out) {
    List<Object> runs = new ArrayList<>();
    Map<String, Double> firstMetrics = null;
    double firstWall = Double.NaN;
    out.printf("%-10s %8s %9s %12s %14s %9s %11s %9s%n", "master", "wall s", "data s",
        "wall-data s", "sum of trials", "overhead", "vs first", "metrics");
    out.flush();
    for (String master : masters) {
      Path table = tempTable();
      SparkSession spark = SparkSessions.create("bnsweep bench " + master, master, false);
      SweepRunner.Summary s;
      try {
        s = new SweepRunner(spark, plan.withResults(table.toString()),
            new PrintStream(new ByteArrayOutputStream())).run();
      } finally {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
      }
      double trials = 0;
      Map<String, Double> metrics = new TreeMap<>();
      for (List<SweepRunner.Outcome> stage : s.stages().values()) {
        for (SweepRunner.Outcome o : stage) {
          trials += o.seconds();
          metrics.put(o.trialId() + " val", o.valAccuracy());
          metrics.put(o.trialId() + " test", o.testAccuracy());
        }
      }
      // Data loading is excluded: the driver's reading and the executors' decoding (which,
      // with several trials waiting on one decode, overlaps: count it once per wave at most).
      double data = s.dataSeconds() + s.executorDataSeconds() / parallelism(master);
      double net = s.seconds() - data;
      double overhead = net / trials - 1;
      boolean same = firstMetrics == null || firstMetrics.equals(metrics);
      if (firstMetrics == null) {
        firstMetrics = metrics;
        firstWall = net;
      }
      out.printf("%-10s %8.1f %9.1f %12.1f %14.1f %8.1f%% %10.3fx %9s%n", master, s.seconds(),
          data, net, trials, 100 * overhead, net / firstWall, same ? "same" : "DIFFER");
      out.flush();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("master", master);
      m.put("trials", metrics.size() / 2);
      m.put("wall_seconds", s.seconds());
      m.put("data_seconds", data);
      m.put("sum_of_trial_seconds", trials);
      m.put("overhead", overhead);
      m.put("wall_without_data_vs_first", net / firstWall);
      m.put("metrics_same_as_first", same);
      runs.add(m);
    }
    return runs;
  }

  private static int parallelism(String master) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+)").matcher(master);
    return m.lookingAt() ? Integer.parseInt(m.group(1))
        : Runtime.getRuntime().availableProcessors();
  }

  private static Path tempTable() {
    try {
      return Files.createTempDirectory("bnsweep-bench-").resolve("trials");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
