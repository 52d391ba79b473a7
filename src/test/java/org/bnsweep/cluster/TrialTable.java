package org.bnsweep.cluster;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.config.Settings;
import org.bnsweep.sweep.SweepPlan;
import org.bnsweep.sweep.SweepRunner;

/**
 * What the integration tests read of a results table: a sweep's trial files as they appear on
 * disk (while the sweep runs), and its rows and metrics as Spark reads them.
 */
final class TrialTable {
  private TrialTable() {}

  /**
   * The metrics that must not depend on where a trial ran: the final validation and test
   * accuracy and training loss, and the per-epoch curve without its wall-clock seconds.
   */
  record Metrics(Double valAccuracy, Double testAccuracy, Double trainLoss,
      List<Map<String, Object>> curve) {}

  static Path sweepDir(Path results, String sweep) {
    return results.resolve("sweep=" + sweep);
  }

  /** The sweep's trial files ({@code trial-<id>.parquet}) by name, with modification times. */
  static Map<String, FileTime> files(Path results, String sweep) throws IOException {
    Map<String, FileTime> files = new TreeMap<>();
    Path dir = sweepDir(results, sweep);
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path f : list.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("trial-") && name.endsWith(".parquet")) {
          files.put(name, Files.getLastModifiedTime(f));
        }
      }
    }
    return files;
  }

  /** Hidden files the sweep's folder holds (temporary files of killed attempts, checksums). */
  static List<String> hiddenFiles(Path results, String sweep) throws IOException {
    try (Stream<Path> list = Files.list(sweepDir(results, sweep))) {
      return list.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("."))
          .sorted().toList();
    }
  }

  /**
   * Polls every 50 ms until the sweep has more than {@code known} trial files; fails if the
   * driver exits first or {@code timeout} passes. Returns the files then present.
   */
  static Map<String, FileTime> awaitMoreFiles(Path results, String sweep, int known,
      Submission driver, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, FileTime> files = files(results, sweep);
      if (files.size() > known) {
        return files;
      }
      assertTrue(driver.isAlive(), "the driver exited before writing trial " + (known + 1)
          + ":\n" + driver.output());
      assertTrue(System.nanoTime() < deadline, "fewer than " + (known + 1) + " trial files after "
          + timeout + ":\n" + driver.output());
      Thread.sleep(50);
    }
  }

  /** The row of a trial file, read with parquet-hadoop (no Spark job). */
  static Group row(Path file) throws IOException {
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
        new org.apache.hadoop.fs.Path(file.toUri())).build()) {
      return reader.read();
    }
  }

  /** The sweep's rows, as Spark reads the table (hidden files left out). */
  static Dataset<Row> rows(SparkSession spark, Path results, String sweep) {
    return rows(spark, results.toString(), sweep);
  }

  /** As {@link #rows(SparkSession, Path, String)}, for a table at any URI (hdfs://...). */
  static Dataset<Row> rows(SparkSession spark, String results, String sweep) {
    return spark.read().parquet(results).where(col("sweep").equalTo(sweep));
  }

  /**
   * Runs the sweep of {@code conf} at local[2] in this JVM (on {@code spark}), writing to
   * {@code table}, and returns its {@link Metrics}: what a cluster's run must reproduce.
   */
  static Map<String, Metrics> localRun(SparkSession spark, Path conf, Path table) {
    SweepPlan plan = SweepPlan.fromSettings(Settings.load(conf,
        List.of("data.dir=\"" + Fixtures.cifarDir().toAbsolutePath() + "\""),
        SweepPlan.OPEN_SECTIONS)).withResults(table.toString());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    long start = System.nanoTime();
    new SweepRunner(spark.sparkContext(), plan, new PrintStream(console, true)).run();
    Map<String, Metrics> metrics = metrics(rows(spark, table, plan.name()));
    System.out.printf("[local] %s at local[2]: %d trials in %.1f s%n", conf.getFileName(),
        metrics.size(), LocalCluster.seconds(start));
    return metrics;
  }

  /** The {@link Metrics} of every row, by trial id. */
  static Map<String, Metrics> metrics(Dataset<Row> rows) {
    Map<String, Metrics> byId = new TreeMap<>();
    for (Row r : rows.select("trial_id", "val_accuracy", "test_accuracy", "train_loss", "curve")
        .collectAsList()) {
      List<Map<String, Object>> curve = new ArrayList<>();
      for (Row epoch : r.<Row>getList(4)) {
        Map<String, Object> point = new LinkedHashMap<>();
        for (String field : epoch.schema().fieldNames()) {
          if (!field.equals("seconds")) {
            point.put(field, epoch.getAs(field));
          }
        }
        curve.add(point);
      }
      byId.put(r.getString(0), new Metrics((Double) r.get(1), (Double) r.get(2),
          (Double) r.get(3), curve));
    }
    return byId;
  }
}
