package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** Values as a SQL shell shows them, and the table around them: no Spark session needed. */
class TextTableTest {
  private static final ZoneOffset UTC = ZoneOffset.UTC;
  private static final SqlText TEXT = new SqlText(UTC);
  private static final StructType EPOCH = (StructType) DataType.fromDDL(
      "struct<epoch:int, updates:bigint, eta:double, train_loss:double>");

  /** {@code n} curve points as Spark returns them: a Scala sequence of rows. */
  private static Object curve(int n) {
    List<Row> points = new ArrayList<>();
    for (int e = 1; e <= n; e++) {
      points.add(RowFactory.create(e, 100L * e, 1e-3, 2.3 - 0.01 * e));
    }
    return CollectionConverters.asScala(points).toSeq();
  }

  @Test
  void arraysAndStructsShowTheirValues() {
    DataType ints = DataType.fromDDL("array<int>");
    assertEquals("[50, 50]", TEXT.shortened(CollectionConverters.asScala(List.of(50, 50)).toSeq(),
        ints, TextTable.CELL_WIDTH));
    assertEquals("[]", TEXT.full(CollectionConverters.asScala(List.of()).toSeq(), ints));
    assertEquals("{epoch: 1, updates: 100, eta: 0.001, train_loss: 2.29}",
        TEXT.full(RowFactory.create(1, 100L, 1e-3, 2.29), EPOCH));
    assertEquals("[{epoch: 1, updates: 100, eta: 0.001, train_loss: 2.29}]",
        TEXT.full(curve(1), new org.apache.spark.sql.types.ArrayType(EPOCH, true)));
  }

  @Test
  void aLongArrayKeepsItsFirstItemsAndSaysHowManyThereAre() {
    DataType type = new org.apache.spark.sql.types.ArrayType(EPOCH, true);
    for (int width : new int[] {32, TextTable.CELL_WIDTH, 120}) {
      String s = TEXT.shortened(curve(30), type, width);
      assertTrue(s.length() <= width, width + ": " + s);
      assertTrue(s.startsWith("[{epoch: 1, "), width + ": " + s);
      assertTrue(s.endsWith(", ... 30 items]"), width + ": " + s);
    }
    // Too narrow for a field of the first item: the count alone.
    assertEquals("[... 30 items]", TEXT.shortened(curve(30), type, 20));
    // Wider cells show more items, whole ones after the first.
    String wide = TEXT.shortened(curve(30), type, 200);
    assertTrue(wide.contains("}, {epoch: 2, updates: 200, eta: 0.001, train_loss: 2.28}, {"),
        wide);
    DataType ints = DataType.fromDDL("array<int>");
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(i);
    }
    String s = TEXT.shortened(many, ints, 30);
    assertTrue(s.startsWith("[0, 1, 2, ") && s.endsWith(", ... 100 items]"), s);
    assertTrue(s.length() <= 30, s);
  }

  @Test
  void nullsLongStringsTimestampsAndLineBreaks() {
    DataType string = DataType.fromDDL("string");
    assertEquals("NULL", TEXT.shortened(null, string, TextTable.CELL_WIDTH));
    assertEquals("NULL", TEXT.full(null, DataType.fromDDL("array<int>")));
    assertEquals("[1, NULL]", TEXT.full(java.util.Arrays.asList(1, null),
        DataType.fromDDL("array<int>")));
    String error = "java.lang.OutOfMemoryError: Java heap space\n\tat org.bnsweep.nn.Layer";
    String cut = TEXT.shortened(error, string, 20);
    assertEquals(20, cut.length(), cut);
    assertTrue(cut.startsWith("java.lang.OutOf") && cut.endsWith("..."), cut);
    assertTrue(TEXT.full(error, string).indexOf('\n') < 0, TEXT.full(error, string));

    LocalDateTime at = LocalDateTime.of(2023, 11, 14, 22, 13, 20);
    DataType timestamp = DataType.fromDDL("timestamp");
    Timestamp t = Timestamp.from(at.toInstant(UTC));
    assertEquals(at.toString().replace('T', ' '), TEXT.full(t, timestamp));
    Timestamp fraction = Timestamp.from(at.plusNanos(500_000_000).toInstant(UTC));
    assertEquals(at.toString().replace('T', ' ') + ".5", TEXT.full(fraction, timestamp));
    // Shown in the session's zone, as Spark shows it.
    ZoneId paris = ZoneId.of("Europe/Paris");
    assertEquals(at.atZone(UTC).withZoneSameInstant(paris).toLocalDateTime().toString()
        .replace('T', ' '), new SqlText(paris).full(t, timestamp));
  }

  @Test
  void columnsAlignNumbersToTheRightAndTheRowsAreCounted() {
    StructType schema = StructType.fromDDL("trial_id string, hidden array<int>, lambda double,"
        + " batch_norm boolean, error string");
    List<Row> rows = List.of(
        RowFactory.create("coarse-0", List.of(50, 50), 1e-5, true, null),
        RowFactory.create("depth-10", List.of(50, 30, 20, 20, 10, 10, 10, 10), 0.005, false,
            "java.lang.OutOfMemoryError: Java heap space"));
    List<String> lines = TextTable.lines(schema, rows, TEXT);
    assertEquals(5, lines.size(), String.join("\n", lines));
    assertEquals("(2 rows)", lines.get(4));
    assertTrue(lines.get(1).matches("-+( {2}-+){4}"), lines.get(1));
    // Each cell lies under its column's rule: text from the rule's start, numbers to its end.
    String rule = lines.get(1);
    List<int[]> columns = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-+").matcher(rule);
    while (m.find()) {
      columns.add(new int[] {m.start(), m.end()});
    }
    String[][] expected = {{"trial_id", "hidden", "lambda", "batch_norm", "error"},
        {"coarse-0", "[50, 50]", "1.0E-5", "true", "NULL"},
        {"depth-10", "[50, 30, 20, 20, 10, 10, 10, 10]", "0.005", "false",
            "java.lang.OutOfMemoryError: Java heap space"}};
    for (int r = 0; r < expected.length; r++) {
      String line = lines.get(r == 0 ? 0 : r + 1);
      for (int c = 0; c < columns.size(); c++) {
        String cell = expected[r][c];
        int at = c == 2 ? columns.get(c)[1] - cell.length() : columns.get(c)[0];
        assertEquals(cell, line.substring(at, at + cell.length()), line);
      }
    }
  }

  @Test
  void aSingleStringColumnIsPrintedWhole() {
    String plan = "== Physical Plan ==\n*(1) ColumnarToRow\n+- FileScan parquet [stage#1] "
        + "Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)";
    List<String> lines = TextTable.lines(StructType.fromDDL("plan string"),
        List.of(RowFactory.create(plan)), TEXT);
    assertEquals(List.of("plan", "----", plan, "(1 row)"), lines);
  }
}
