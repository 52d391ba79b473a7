package org.bnsweep.results;

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

  /** Every readable, well-named trial file of every sweep at {@code path}; none if no table. */
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
        for (FileStatus f : fs.listStatus(dir.getPath())) {
          String id = TrialFiles.trialId(f.getPath().getName());
          if (f.isFile() && id != null) {
            Row r = readOne(f.getPath(), sweep, id, conf);
            if (r != null) {
              rows.add(r);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the results table " + path, e);
    }
    return rows;
  }

  private static Row readOne(Path file, String sweep, String id, Configuration conf) {
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      Group g = reader.read();
      if (g == null || !id.equals(string(g, "trial_id"))) {
        return null;
      }
      return new Row(sweep, id, status(g), widths(g, "hidden"),
          integer(g, "batch_size"), integer(g, "training_size"), string(g, "precision"),
          integer(g, "step_size"), integer(g, "cycles"),
          has(g, "seconds") ? g.getDouble("seconds", 0) : null);
    } catch (IOException | RuntimeException e) {
      // An unreadable file: the sweep itself moves it aside and trains its trial again.
      return null;
    }
  }

  private static boolean has(Group g, String column) {
    return g.getType().containsField(column) && g.getFieldRepetitionCount(column) == 1;
  }

  /** The row's status; null for none or for a word no status has (the plan retrains it). */
  private static TrialStatus status(Group g) {
    String word = string(g, "status");
    return word == null ? null : TrialStatus.ofWord(word).orElse(null);
  }

  private static String string(Group g, String column) {
    return has(g, column) ? g.getString(column, 0) : null;
  }

  private static Integer integer(Group g, String column) {
    return has(g, column) ? g.getInteger(column, 0) : null;
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
