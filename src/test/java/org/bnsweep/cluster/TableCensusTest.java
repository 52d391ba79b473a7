package org.bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault tests' independent count of a sweep's rows: every Parquet file under the folder,
 * whatever its name. The positive controls are the cases a count by file name (one well-named
 * file per trial id) reports as 0 duplicates and 0 torn files.
 */
class TableCensusTest {
  static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message trial { required binary trial_id (STRING); }");
  static final String A = "00000000000000aa";
  static final String B = "00000000000000bb";
  @TempDir Path sweep;

  @Test
  void oneWellNamedFilePerTrialIsOneRowPerTrial() throws IOException {
    write(sweep.resolve("trial-" + A + ".parquet"), A);
    write(sweep.resolve("trial-" + B + ".parquet"), B);
    Files.writeString(sweep.resolve("notes.txt"), "not Parquet: not counted\n");

    TableCensus.Census c = TableCensus.of(sweep, Set.of());

    assertEquals(Map.of(A, 1, B, 1), c.rowsById());
    assertEquals(0, c.duplicates());
    assertEquals(Set.of(), c.lost(Set.of(A, B)));
    assertEquals(List.of(), c.torn());
  }

  @Test
  void aSecondCopyUnderAnyNameIsADuplicate() throws IOException {
    write(sweep.resolve("trial-" + A + ".parquet"), A);
    // A writer that published by hard link and died before unlinking its temporary name, and
    // a file with two rows: names a reader by file name never opens, or opens once.
    write(sweep.resolve(".tmp-" + A + "-0.parquet"), A);
    write(sweep.resolve("part-0000.snappy.parquet"), B, B);

    TableCensus.Census c = TableCensus.of(sweep, Set.of());

    assertEquals(Map.of(A, 2, B, 2), c.rowsById());
    assertEquals(2, c.duplicates());
  }

  @Test
  void tornFilesAndFilesMovedAsideAreFound() throws IOException {
    Path whole = write(sweep.resolve("trial-" + A + ".parquet"), A);
    byte[] bytes = Files.readAllBytes(whole);
    Files.write(sweep.resolve("trial-" + B + ".parquet"),
        java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Files.write(sweep.resolve(".tmp-" + B + "-1.parquet"), new byte[0]);
    Files.createDirectories(sweep.resolve("_corrupt"));
    Files.write(sweep.resolve("_corrupt/trial-" + B + ".parquet.17"), new byte[] {1});

    TableCensus.Census c = TableCensus.of(sweep, Set.of());

    assertEquals(List.of(".tmp-" + B + "-1.parquet", "_corrupt/trial-" + B + ".parquet.17",
        "trial-" + B + ".parquet"), c.torn());
    assertEquals(List.of("_corrupt/trial-" + B + ".parquet.17", "trial-" + B + ".parquet"),
        c.tornVisible());
    assertEquals(List.of(".tmp-" + B + "-1.parquet"), c.tornTemporary());
    assertEquals(List.of("_corrupt/trial-" + B + ".parquet.17"), c.aside());
    assertEquals(Set.of(B), c.lost(Set.of(A, B)));
  }

  @Test
  void filesTheTestPlantedAreLeftOut() throws IOException {
    write(sweep.resolve("trial-" + A + ".parquet"), A);
    Path copy = write(sweep.resolve("trial-" + A + " (copy).parquet"), A);

    assertEquals(1, TableCensus.of(sweep, Set.of()).duplicates());
    assertEquals(0, TableCensus.of(sweep, Set.of(copy)).duplicates());
  }

  /** A Parquet file of one row per id. */
  private static Path write(Path file, String... ids) throws IOException {
    SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<org.apache.parquet.example.data.Group> w = ExampleParquetWriter
        .builder(new org.apache.hadoop.fs.Path(file.toUri())).withType(SCHEMA)
        .withConf(new Configuration()).build()) {
      for (String id : ids) {
        w.write(rows.newGroup().append("trial_id", id));
      }
    }
    // Hadoop's local file system wrote a checksum beside it, which real trial files lack.
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    return file;
  }
}
