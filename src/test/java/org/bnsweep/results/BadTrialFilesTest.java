package org.bnsweep.results;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What users and crashes leave in a sweep's folder next to its trial files, and what resume,
 * query and report must make of it: a stray or copied file is ignored, an unreadable one is
 * moved aside (its trial is trained again), a file of an older schema is read with nulls.
 */
class BadTrialFilesTest {
  static final String SWEEP = "bad-files";
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = Fixtures.sparkSession("local[2]");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

  /** What readers must make of a bad file. */
  enum Verdict {
    /** Not a trial file name: left alone, not read. */
    IGNORED,
    /** Unreadable: moved aside, its trial missing from the table until trained again. */
    MOVED_ASIDE,
    /** A trial file of an older schema: read, with nulls in the columns it lacks. */
    READ_WITH_NULLS
  }

  /** Kinds of bad file; each is made from a second trial, or from a copy of the good one. */
  enum BadFile {
    STRAY_TEXT(Verdict.IGNORED),
    COPY(Verdict.IGNORED),
    BACKUP(Verdict.IGNORED),
    TRUNCATED(Verdict.MOVED_ASIDE),
    EMPTY(Verdict.MOVED_ASIDE),
    CHECKSUM_MISMATCH(Verdict.MOVED_ASIDE),
    WRONG_TRIAL(Verdict.MOVED_ASIDE),
    OLD_SCHEMA(Verdict.READ_WITH_NULLS);

    final Verdict verdict;

    BadFile(Verdict verdict) {
      this.verdict = verdict;
    }
  }

  @ParameterizedTest
  @EnumSource(BadFile.class)
  void readersSeeTheGoodTrialsOnly(BadFile kind, @TempDir Path dir) throws IOException {
    List<String> notices = new ArrayList<>();
    ResultsTable table = new ResultsTable(dir.resolve("trials").toString(),
        HadoopConf.of(new Configuration())).withNotices(n -> {
          notices.add(n);
          System.out.println(n);
        });
    String good = TrialRows.newId();
    table.write(SWEEP, TrialRows.row(good, TrialStatus.OK, "good"), false);
    Path sweepDir = dir.resolve("trials").resolve("sweep=" + SWEEP);
    String other = TrialRows.newId();
    Path bad = make(kind, sweepDir, good, other, dir);

    Map<String, TrialStatus> status = table.statusById(SWEEP);
    Dataset<Row> all = table.readAll(spark);

    Set<String> expected = kind.verdict == Verdict.READ_WITH_NULLS ? Set.of(good, other)
        : Set.of(good);
    assertEquals(expected, status.keySet(), "trials resume sees");
    assertEquals(expected.size(), table.readSweep(spark, SWEEP).count(), "rows of the sweep");
    assertEquals(expected.size(), all.count(), "rows of the table");
    assertEquals(expected.size(), all.select("trial_id").distinct().count(), "trials");
    switch (kind.verdict) {
      case IGNORED -> {
        assertTrue(Files.exists(bad), "the table must leave " + bad + " alone");
        assertFalse(Files.exists(sweepDir.resolve(TrialFiles.CORRUPT_DIR)));
        // One notice for a name a user would take for a trial's, however many reads.
        assertEquals(bad.getFileName().toString().startsWith("trial-") ? 1 : 0, notices.size(),
            "notices: " + notices);
      }
      case MOVED_ASIDE -> {
        assertFalse(Files.exists(bad), bad + " is still where readers look");
        try (var aside = Files.list(sweepDir.resolve(TrialFiles.CORRUPT_DIR))) {
          assertEquals(1, aside.filter(f -> f.getFileName().toString()
              .startsWith(bad.getFileName() + ".")).count(), "files moved aside");
        }
        assertEquals(1, notices.size(), "notices: " + notices);
        assertTrue(notices.get(0).contains(bad.getFileName().toString())
            && notices.get(0).contains("trained again"), notices.get(0));
        assertTrue(table.write(SWEEP, TrialRows.row(other, TrialStatus.OK, "again"), false),
            "the trial is written again");
        assertEquals(Set.of(good, other), table.statusById(SWEEP).keySet());
      }
      case READ_WITH_NULLS -> {
        Row old = all.where(col("trial_id").equalTo(other)).select("bn_alpha", "curve", "lambda")
            .first();
        assertTrue(old.isNullAt(0) && old.isNullAt(1), "columns the old file lacks: " + old);
        assertFalse(old.isNullAt(2), "a column the old file has: " + old);
        assertFalse(all.where(col("trial_id").equalTo(good)).select("bn_alpha").first()
            .isNullAt(0));
      }
      default -> throw new AssertionError(kind);
    }
  }

  @Test
  void anEmptyTableReadsAsNoRowsWithTheTableColumns(@TempDir Path dir) throws IOException {
    ResultsTable table = new ResultsTable(dir.toString(), HadoopConf.of(new Configuration()));
    table.checkWritable(SWEEP);

    Dataset<Row> all = table.readAll(spark);

    assertEquals(0, all.count());
    assertTrue(List.of(all.columns()).containsAll(List.of("sweep", "trial_id", "val_accuracy")));
    assertEquals(null, table.readSweep(spark, SWEEP));
  }

  /** Puts a bad file of the given kind into {@code sweepDir}; returns it. */
  static Path make(BadFile kind, Path sweepDir, String good, String other, Path scratch)
      throws IOException {
    Path goodFile = sweepDir.resolve("trial-" + good + ".parquet");
    Path otherFile = sweepDir.resolve("trial-" + other + ".parquet");
    switch (kind) {
      case STRAY_TEXT -> {
        return Files.writeString(sweepDir.resolve("notes.txt"), "lambda looks good\n");
      }
      case TRUNCATED -> {
        byte[] bytes = rowBytes(other, scratch);
        Files.write(otherFile, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      }
      case EMPTY -> Files.write(otherFile, new byte[0]);
      case COPY -> {
        return Files.copy(goodFile, sweepDir.resolve("trial-" + good + " (copy).parquet"));
      }
      case BACKUP -> {
        return Files.copy(goodFile, sweepDir.resolve("trial-" + good + ".parquet.bak"));
      }
      case CHECKSUM_MISMATCH -> {
        // The old writers' damage: a trial's data beside the checksum of another writer's data.
        writeWithChecksum(TrialRows.row(other, TrialStatus.OK, "first"), otherFile);
        Files.write(otherFile, rowBytes(other, scratch));
      }
      case WRONG_TRIAL -> Files.copy(goodFile, otherFile);
      case OLD_SCHEMA -> {
        Path old = scratch.resolve("old-schema");
        spark.read().parquet(Files.write(scratch.resolve("row.parquet"), rowBytes(other, scratch))
                .toString())
            .drop("bn_alpha", "curve").coalesce(1).write().parquet(old.toString());
        try (var files = Files.list(old)) {
          Path part = files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
              .findFirst().orElseThrow();
          Files.copy(part, otherFile);
        }
      }
      default -> throw new AssertionError(kind);
    }
    return otherFile;
  }

  /** Writes a trial file as Hadoop's local file system does by default: with a .crc file. */
  static void writeWithChecksum(TrialRow row, Path file) throws IOException {
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
            new org.apache.hadoop.fs.Path(file.toUri()))
        .withConf(new Configuration()).withType(TrialParquet.SCHEMA).build()) {
      writer.write(TrialParquet.toGroup(row));
    }
  }

  /** The bytes of a good trial file of trial {@code id}, written by a table elsewhere. */
  static byte[] rowBytes(String id, Path scratch) throws IOException {
    Path elsewhere = Files.createTempDirectory(scratch, "elsewhere");
    ResultsTable table = new ResultsTable(elsewhere.toString(), HadoopConf.of(new Configuration()));
    table.write(SWEEP, TrialRows.row(id, TrialStatus.OK, "elsewhere"), false);
    return Files.readAllBytes(elsewhere.resolve("sweep=" + SWEEP).resolve("trial-" + id
        + ".parquet"));
  }
}
