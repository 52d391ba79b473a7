package org.bnsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.config.Settings;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.train.EpochRecord;
import org.bnsweep.train.TrialResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep's own read-back ({@link ResultsTable#summaries}, parquet-mr) gives every value Spark
 * SQL gives for the same rows, from trial files and from compacted files alike: the planner
 * moved from one reader to the other, and a column read wrong (or from the wrong curve field)
 * would change which trials go on in a halving stage.
 */
class TrialSummaryTest {
  static final String SWEEP = "summaries";

  @TempDir Path dir;

  /** A row of {@code status} whose every value differs from the other rows' and fields'. */
  private static TrialRow row(String id, TrialStatus status, int k, Integer rung) {
    if (status == TrialStatus.FAILED) {
      TrialResult failed = TrialResult.failed("failure " + k, 0.25 * k);
      return new TrialRow("stage-" + (k % 2), StageType.of("grid"), null, null, id,
          Settings.defaults().trial(), 8, failed, "w", 0, Instant.now(), Instant.now(),
          new Provenance("test", "17", "4.2.0", "test-blas", "localhost"));
    }
    List<EpochRecord> curve = new ArrayList<>();
    for (int e = 1; e <= 3; e++) {
      curve.add(new EpochRecord(e, 100L * e + k, 0.01 * e, 2.0, 2.1, 0.3, 1.9, 2.2,
          0.1 * e + 0.001 * k, 0.5 * e));
    }
    TrialResult result = new TrialResult(status, status == TrialStatus.DIVERGED ? "nan" : null,
        curve, 1.5, 1.6, 0.4, 1.7, 1.8, 0.3 + 0.01 * k, 0.2 + 0.01 * k, 300, 3.0 + k, 4.0 + k);
    return new TrialRow("stage-" + (k % 2), StageType.of("grid"), rung, null, id,
        Settings.defaults().trial(), 8, result, "w", 0, Instant.now(), Instant.now(),
        new Provenance("test", "17", "4.2.0", "test-blas", "localhost"));
  }

  @Test
  void summariesEqualWhatSparkReadsFromTrialAndCompactedFiles() {
    SparkSession spark = Fixtures.sparkSession("local[1]");
    try {
      compareBeforeAndAfterCompact(spark);
    } finally {
      Fixtures.stopSpark(spark);
    }
  }

  private void compareBeforeAndAfterCompact(SparkSession spark) {
    ResultsTable table = new ResultsTable(dir.toString(), HadoopConf.of(new Configuration()))
        .withNotices(line -> { });
    TrialStatus[] statuses = {TrialStatus.OK, TrialStatus.DIVERGED, TrialStatus.STOPPED,
        TrialStatus.FAILED};
    for (int k = 0; k < 8; k++) {
      table.write(SWEEP, row(TrialRows.newId(), statuses[k % 4], k, k % 3 == 0 ? null : k % 3),
          false);
    }
    assertEquals(8, compare(table, spark), "trials compared, all in trial files");
    Compaction.Outcome compacted = table.compact(SWEEP, 3);
    assertEquals(6, compacted.rows(), "compact merged the 6 finished rows: " + compacted);
    for (int k = 8; k < 10; k++) {
      table.write(SWEEP, row(TrialRows.newId(), statuses[k % 4], k, 1), false);
    }
    assertEquals(10, compare(table, spark), "trials compared, 6 of them in compacted files");
  }

  /** Compares the two readers trial by trial; returns how many trials were compared. */
  private static int compare(ResultsTable table, SparkSession session) {
    Map<String, TrialSummary> mine = new HashMap<>();
    for (TrialSummary s : table.summaries(SWEEP)) {
      mine.put(s.trialId(), s);
    }
    List<Row> spark = table.readSweep(session, SWEEP)
        .select("trial_id", "stage", "status", "rung", "val_accuracy", "test_accuracy", "seconds",
            "training_seconds", "error", "curve.updates", "curve.val_accuracy")
        .collectAsList();
    assertEquals(spark.size(), mine.size(), "rows");
    for (Row r : spark) {
      TrialSummary s = mine.get(r.getString(0));
      String who = "trial " + r.getString(0);
      assertEquals(r.getString(1), s.stage(), who + " stage");
      assertEquals(TrialStatus.ofLabel(r.getString(2)), s.status(), who + " status");
      assertEquals(r.isNullAt(3) ? null : r.getInt(3), s.rung(), who + " rung");
      assertEquals(r.get(4), s.valAccuracy(), who + " val_accuracy");
      assertEquals(r.get(5), s.testAccuracy(), who + " test_accuracy");
      assertEquals(r.get(6), s.seconds(), who + " seconds");
      assertEquals(r.get(7), s.trainingSeconds(), who + " training_seconds");
      assertEquals(r.get(8), s.error(), who + " error");
      assertEquals(r.isNullAt(9) ? List.of() : r.getList(9), s.updates(), who + " updates");
      assertEquals(r.isNullAt(10) ? List.of() : r.getList(10), s.valCurve(),
          who + " curve val_accuracy");
    }
    return spark.size();
  }
}
