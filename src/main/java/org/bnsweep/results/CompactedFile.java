package org.bnsweep.results;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.bnsweep.params.TrialStatus;

/**
 * A compacted file: the rows of many trials in one Parquet file of the trial files' schema
 * ({@link TrialParquet#SCHEMA}), each trial id once. It is read through (every row's {@code
 * trial_id} and {@code status}) before a reader relies on it; a file that cannot be, or holds a
 * row without a trial id or a known status, or one trial twice, is unreadable as a whole.
 */
final class CompactedFile {
  /** The two columns a reader of the table needs of each row. */
  private static final String ID_AND_STATUS = "message trial {\n"
      + "  optional binary trial_id (STRING);\n"
      + "  optional binary status (STRING);\n"
      + "}\n";

  private CompactedFile() {}

  /** The trial id and status of every row of the compacted file {@code file}. */
  static List<TrialFile> statuses(Path file, Configuration conf) throws IOException {
    Configuration projected = new Configuration(conf);
    projected.set(ReadSupport.PARQUET_READ_SCHEMA, ID_AND_STATUS);
    List<TrialFile> rows = new ArrayList<>();
    for (Group g : groups(file, projected)) {
      String id = string(g, "trial_id");
      String word = string(g, "status");
      rows.add(new TrialFile(file, checkedId(id, word), checkedStatus(id, word)));
    }
    checkOnce(rows.stream().map(TrialFile::trialId).toList());
    return rows;
  }

  /**
   * The summary of every row of the compacted file {@code file}, reading only the columns a
   * summary needs; checked as {@link #statuses} checks.
   */
  static List<TrialSummary> summaries(Path file, Configuration conf) throws IOException {
    MessageType schema;
    try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      schema = footer.getFooter().getFileMetaData().getSchema();
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
    Configuration projected = new Configuration(conf);
    projected.set(ReadSupport.PARQUET_READ_SCHEMA, TrialSummary.projection(schema).toString());
    List<TrialSummary> rows = new ArrayList<>();
    for (Group g : groups(file, projected)) {
      TrialSummary s = TrialSummary.of(g);
      String word = string(g, "status");
      checkedId(s.trialId(), word);
      checkedStatus(s.trialId(), word);
      rows.add(s);
    }
    checkOnce(rows.stream().map(TrialSummary::trialId).toList());
    return rows;
  }

  private static String checkedId(String id, String word) throws IOException {
    if (id == null || TrialFiles.trialId("trial-" + id + ".parquet") == null) {
      throw new IOException("a row has trial id " + id + " and status " + word);
    }
    return id;
  }

  private static TrialStatus checkedStatus(String id, String word) throws IOException {
    TrialStatus status = word == null ? null : TrialStatus.ofWord(word).orElse(null);
    if (status == null) {
      throw new IOException("a row has trial id " + id + " and status " + word);
    }
    return status;
  }

  /** A compacted file that holds a trial twice is unreadable as a whole. */
  private static void checkOnce(List<String> ids) throws IOException {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new IOException("it holds trial " + id + " twice");
      }
    }
  }

  /** Every row of a Parquet file, as written (in the file's own schema). */
  static List<Group> groups(Path file, Configuration conf) throws IOException {
    List<Group> rows = new ArrayList<>();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        rows.add(g);
      }
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
    return rows;
  }

  /** Writes {@code rows}, already in {@link TrialParquet#SCHEMA}, as a new file. */
  static void write(List<Group> rows, OutputFile file, Configuration conf) throws IOException {
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file)
        .withConf(conf)
        .withType(TrialParquet.SCHEMA)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build()) {
      for (Group g : rows) {
        writer.write(g);
      }
    }
  }

  /**
   * {@code row} (of a trial file, possibly written by an older bnsweep with fewer columns) in
   * today's schema: each column copied by name, a column it lacks left null.
   *
   * @throws IOException if a column has another type than today's
   */
  static Group toCurrentSchema(Group row) throws IOException {
    MessageType schema = TrialParquet.SCHEMA;
    Group out = new SimpleGroupFactory(schema).newGroup();
    copy(row, out);
    return out;
  }

  private static void copy(Group from, Group to) throws IOException {
    GroupType target = to.getType();
    GroupType source = from.getType();
    for (Type field : target.getFields()) {
      String name = field.getName();
      if (!source.containsField(name)) {
        continue;
      }
      Type had = source.getType(name);
      if (had.isPrimitive() != field.isPrimitive()) {
        throw new IOException("column " + name + " is " + had + ", not " + field);
      }
      int n = from.getFieldRepetitionCount(name);
      for (int i = 0; i < n; i++) {
        if (field.isPrimitive()) {
          copyValue(from, to, name, i, had.asPrimitiveType(), field.asPrimitiveType());
        } else {
          copy(from.getGroup(name, i), to.addGroup(name));
        }
      }
    }
  }

  private static void copyValue(Group from, Group to, String name, int i, PrimitiveType had,
      PrimitiveType want) throws IOException {
    if (had.getPrimitiveTypeName() != want.getPrimitiveTypeName()) {
      throw new IOException("column " + name + " is " + had.getPrimitiveTypeName() + ", not "
          + want.getPrimitiveTypeName());
    }
    switch (want.getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> to.add(name, from.getBinary(name, i));
      case INT32 -> to.add(name, from.getInteger(name, i));
      case INT64 -> to.add(name, from.getLong(name, i));
      case DOUBLE -> to.add(name, from.getDouble(name, i));
      case FLOAT -> to.add(name, from.getFloat(name, i));
      case BOOLEAN -> to.add(name, from.getBoolean(name, i));
      case INT96 -> to.add(name, from.getInt96(name, i));
      default -> throw new IOException("column " + name + " has type " + had);
    }
  }

  private static String string(Group g, String column) {
    return g.getType().containsField(column) && g.getFieldRepetitionCount(column) == 1
        ? g.getString(column, 0) : null;
  }
}
