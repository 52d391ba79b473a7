package org.bnsweep.results;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.bnsweep.params.ColumnType;
import org.bnsweep.train.EpochRecord;

/**
 * The Parquet schema of a trial row, derived from {@link TrialColumns}, and its writer.
 * Executors write a trial's file themselves, without a Spark job; Spark SQL reads it as the
 * documented table (lists as arrays, the curve as an array of structs, timestamps in UTC).
 */
public final class TrialParquet {
  public static final MessageType SCHEMA = MessageTypeParser.parseMessageType(schemaText());

  private TrialParquet() {}

  private static String schemaText() {
    StringBuilder s = new StringBuilder("message trial {\n");
    for (TrialColumns.Column c : TrialColumns.ALL) {
      s.append("  ").append(field(c.name(), c.type())).append('\n');
    }
    return s.append("}\n").toString();
  }

  /** A column's Parquet field declaration: "optional double lambda;". */
  private static String field(String name, ColumnType type) {
    return "optional " + switch (type) {
      case STRING -> "binary " + name + " (STRING);";
      case INT -> "int32 " + name + ";";
      case LONG -> "int64 " + name + ";";
      case DOUBLE -> "double " + name + ";";
      case BOOLEAN -> "boolean " + name + ";";
      case TIMESTAMP -> "int64 " + name + " (TIMESTAMP(MILLIS,true));";
      case INT_LIST -> "group " + name
          + " (LIST) { repeated group list { optional int32 element; } }";
      case CURVE -> "group " + name + " (LIST) { repeated group list { optional group element {"
          + TrialColumns.CURVE.stream().map(f -> " " + field(f.name(), f.type()))
              .collect(Collectors.joining()) + " } } }";
    };
  }

  /** Writes {@code row} as a one-row Parquet file at {@code file}, which must not exist. */
  public static void write(TrialRow row, OutputFile file, Configuration conf) throws IOException {
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file)
        .withConf(conf)
        .withType(SCHEMA)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build()) {
      writer.write(toGroup(row));
    }
  }

  static Group toGroup(TrialRow row) {
    Group g = new SimpleGroupFactory(SCHEMA).newGroup();
    for (TrialColumns.Column c : TrialColumns.ALL) {
      append(g, c.name(), c.type(), c.value().apply(row));
    }
    return g;
  }

  /** Appends a value of a column type; null leaves the field out (a null in the table). */
  @SuppressWarnings("unchecked")
  private static void append(Group g, String field, ColumnType type, Object value) {
    if (value == null) {
      return;
    }
    switch (type) {
      case STRING -> g.append(field, (String) value);
      case INT -> g.append(field, ((Number) value).intValue());
      case LONG -> g.append(field, ((Number) value).longValue());
      case DOUBLE -> g.append(field, ((Number) value).doubleValue());
      case BOOLEAN -> g.append(field, (Boolean) value);
      case TIMESTAMP -> g.append(field, ((Instant) value).toEpochMilli());
      case INT_LIST -> {
        Group list = g.addGroup(field);
        for (Integer element : (List<Integer>) value) {
          list.addGroup("list").append("element", element);
        }
      }
      case CURVE -> {
        Group curve = g.addGroup(field);
        for (EpochRecord e : (List<EpochRecord>) value) {
          Group point = curve.addGroup("list").addGroup("element");
          for (TrialColumns.CurveField f : TrialColumns.CURVE) {
            append(point, f.name(), f.type(), f.value().apply(e));
          }
        }
      }
      default -> throw new IllegalStateException("no writer for " + type);
    }
  }
}
