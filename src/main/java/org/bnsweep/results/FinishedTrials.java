package org.bnsweep.results;

import static org.bnsweep.results.ParquetFields.has;
import static org.bnsweep.results.ParquetFields.integer;
import static org.bnsweep.results.ParquetFields.number;
import static org.bnsweep.results.ParquetFields.string;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.bnsweep.params.TrialStatus;

/**
 * The few columns of every trial row that a plan needs before it runs (its status, its shape
 * and how long it took), read without Spark and without touching the table: unlike {@link
 * ResultsTable#statusById}, an unreadable file is skipped, not moved aside, so that a dry run
 * writes nothing.
 */
public final class FinishedTrials {
  private FinishedTrials() {}

  /**
   * One row's columns; any of them null where the row has no value.
   *
   * @param hidden the hidden widths
   * @param seconds the trial's wall time
   */
  public record Row(String sweep, String trialId, TrialStatus status, List<Integer> hidden,
      Integer batchSize, Integer trainingSize, String precision, Integer stepSize,
      Integer cycles, Double seconds) {}

  /**
   * Every row of every sweep at {@code path} (readable, well-named trial files and compacted
   * files, by the table's rule); none if no table.
   */
  public static List<Row> read(String path, Configuration conf) {
    Path root = new Path(path);
    List<Row> rows = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        return rows;
      }
      for (FileStatus dir : fs.listStatus(root)) {
        String name = dir.getPath().getName();
        if (!dir.isDirectory() || !name.startsWith("sweep=")) {
          continue;
        }
        String sweep = name.substring("sweep=".length());
        rows.addAll(sweepRows(fs, dir.getPath(), sweep, conf));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the results table " + path, e);
    }
    return rows;
  }

  /**
   * One sweep's rows by the table's rule ({@link SweepFolder}): those of its compacted files and
   * of the trial files they do not cover, read consistently while compact may be running.
   */
  private static List<Row> sweepRows(FileSystem fs, Path dir, String sweep, Configuration conf)
      throws IOException {
    SweepFolder folder = new SweepFolder(fs, dir, conf, notice -> { }, SweepFolder.newNoticedSet(),
        false);
    return folder.snapshot(new SweepFolder.RowReader<Row>() {
      @Override
      public List<Row> compacted(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Group g : CompactedFile.groups(file, conf)) {
          String id = string(g, "trial_id");
          if (id == null) {
            throw new IOException("a row has no trial_id");
          }
          rows.add(row(g, sweep, id));
        }
        return rows;
      }

      @Override
      public Row trial(Path file) {
        return readOne(file, sweep, TrialFiles.trialId(file.getName()), conf);
      }

      @Override
      public String trialId(Row row) {
        return row.trialId();
      }
    }).rows();
  }

  private static Row readOne(Path file, String sweep, String id, Configuration conf) {
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      Group g = reader.read();
      if (g == null || !id.equals(string(g, "trial_id"))) {
        return null;
      }
      return row(g, sweep, id);
    } catch (IOException | RuntimeException e) {
      // An unreadable file: the sweep itself moves it aside and trains its trial again.
      return null;
    }
  }

  private static Row row(Group g, String sweep, String id) {
    return new Row(sweep, id, status(g), widths(g, "hidden"),
        integer(g, "batch_size"), integer(g, "training_size"), string(g, "precision"),
        integer(g, "step_size"), integer(g, "cycles"),
        number(g, "seconds"));
  }

  /** The row's status; null for none or for a word no status has (the plan retrains it). */
  private static TrialStatus status(Group g) {
    String word = string(g, "status");
    return word == null ? null : TrialStatus.ofWord(word).orElse(null);
  }

  /** A Parquet LIST of int32: group (LIST) { repeated group list { optional int32 element } }. */
  private static List<Integer> widths(Group g, String column) {
    if (!has(g, column)) {
      return null;
    }
    Group list = g.getGroup(column, 0);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < list.getFieldRepetitionCount("list"); i++) {
      Group element = list.getGroup("list", i);
      if (element.getFieldRepetitionCount("element") != 1) {
        return null;
      }
      out.add(element.getInteger("element", 0));
    }
    return List.copyOf(out);
  }
}
