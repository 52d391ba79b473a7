package org.bnsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.params.TrialStatus;

/**
 * Writers of the same trial started together, round after round, and what the table must look
 * like afterwards, on any file system.
 */
final class WriterRace {
  static final String SWEEP = "race";

  private WriterRace() {}

  /**
   * Runs {@code rounds} rounds of {@code writers} threads writing one new trial each round. With
   * {@code replacingFailed} the trial first gets a failed row that all writers then replace.
   *
   * @return by trial id, the writers whose {@code write} returned true
   */
  static Map<String, Set<String>> run(ResultsTable table, int writers, int rounds,
      boolean replacingFailed) throws Exception {
    Map<String, Set<String>> winners = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < rounds; round++) {
        String id = TrialRows.newId();
        if (replacingFailed) {
          assertTrue(table.write(SWEEP, TrialRows.row(id, TrialStatus.FAILED, "driver"), false));
        }
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          TrialRow row = TrialRows.row(id, TrialStatus.OK, "writer-" + w);
          results.add(pool.submit(() -> {
            start.await();
            return table.write(SWEEP, row, replacingFailed);
          }));
        }
        Set<String> won = new TreeSet<>();
        for (int w = 0; w < writers; w++) {
          if (results.get(w).get()) {
            won.add("writer-" + w);
          }
        }
        winners.put(id, won);
      }
    } finally {
      pool.shutdownNow();
    }
    return winners;
  }

  /**
   * The sweep's folder holds one file per trial and nothing else; the table, Spark reading the
   * folder as a user would, and resume all see one row per trial, written by a writer that won.
   *
   * @param oneWinner whether exactly one writer per trial must have seen its write succeed
   */
  static void assertOneReadableRowPerTrial(SparkSession spark, ResultsTable table,
      Map<String, Set<String>> winners, boolean oneWinner) throws Exception {
    for (Map.Entry<String, Set<String>> e : winners.entrySet()) {
      assertFalse(e.getValue().isEmpty(), "no writer of trial " + e.getKey() + " succeeded");
      if (oneWinner) {
        assertEquals(1, e.getValue().size(), "writers that won trial " + e.getKey());
      }
    }
    Path dir = new Path(table.path(), "sweep=" + SWEEP);
    FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs instanceof ChecksumFileSystem checksummed) {
      fs = checksummed.getRawFileSystem(); // which lists the .crc files the other one hides
    }
    Set<String> files = new TreeSet<>();
    for (FileStatus f : fs.listStatus(dir)) {
      files.add(f.getPath().getName());
    }
    Set<String> expected = winners.keySet().stream().map(id -> "trial-" + id + ".parquet")
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, files, "files in " + dir);

    List<Row> rows = table.readSweep(spark, SWEEP).select("trial_id", "executor", "status")
        .collectAsList();
    assertEquals(winners.size(), rows.size(), "rows read");
    for (Row r : rows) {
      assertTrue(winners.get(r.getString(0)).contains(r.getString(1)),
          "trial " + r.getString(0) + " holds the row of " + r.getString(1)
              + ", whose write did not succeed; winners " + winners.get(r.getString(0)));
      assertEquals("ok", r.getString(2));
    }
    assertEquals(winners.size(), spark.read().parquet(table.path()).select("trial_id")
        .distinct().count(), "trials a user reads");
    assertEquals(winners.size(), spark.read().parquet(table.path()).count(), "rows a user reads");
    Map<String, TrialStatus> status = table.statusById(SWEEP);
    assertEquals(winners.keySet(), status.keySet());
  }
}
