package org.bnsweep.results;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The results table at a Hadoop path (local, HDFS, S3): {@code <path>/sweep=<name>/} holds one
 * file {@code trial-<trial id>.parquet} per trial. A trial's file is written under a hidden
 * temporary name and renamed into place only if no file for that trial exists yet, so a trial
 * appears at most once whatever the retries, speculative copies or restarts; Spark SQL skips the
 * hidden files of attempts that died.
 */
public final class ResultsTable implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The name under which {@code query} and {@code report} register the table. */
  public static final String VIEW = "trials";

  private final String path;
  private final HadoopConf hadoop;

  public ResultsTable(String path, HadoopConf hadoop) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("the results path is empty; pass --results PATH");
    }
    this.path = path;
    this.hadoop = hadoop;
  }

  public String path() {
    return path;
  }

  /** The trials' checkpoints, kept beside this table. */
  public CheckpointStore checkpoints() {
    return new CheckpointStore(path, hadoop);
  }

  Path sweepDir(String sweep) {
    return new Path(path, "sweep=" + sweep);
  }

  static String fileName(String trialId) {
    return "trial-" + trialId + ".parquet";
  }

  /**
   * Makes the sweep's folder and proves that files can be created and deleted in it, so that a
   * sweep fails before training rather than after its first trial.
   */
  public void checkWritable(String sweep) {
    Path dir = sweepDir(sweep);
    try {
      FileSystem fs = dir.getFileSystem(conf());
      fs.mkdirs(dir);
      Path probe = new Path(dir, ".probe-" + UUID.randomUUID());
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("results path " + dir + " cannot be written (" + e
          + "); pass a writable --results PATH");
    }
  }

  /**
   * Writes a trial's row unless the table already has one for it.
   *
   * @param replaceFailed replace an existing row (one the driver saw as {@code failed})
   * @return true if this row is now the trial's row in the table
   */
  public boolean write(String sweep, TrialRow row, boolean replaceFailed) {
    Path dir = sweepDir(sweep);
    Path target = new Path(dir, fileName(row.trialId()));
    Path tmp = new Path(dir, ".tmp-" + row.trialId() + "-" + UUID.randomUUID() + ".parquet");
    try {
      Configuration conf = conf();
      FileSystem fs = dir.getFileSystem(conf);
      TrialParquet.write(row, tmp, conf);
      if (fs.exists(target)) {
        if (!replaceFailed) {
          fs.delete(tmp, false);
          return false;
        }
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        fs.delete(tmp, false);
        return false;
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trial " + row.trialId() + " to " + target, e);
    }
  }

  private Configuration conf() {
    return hadoop.toConfiguration();
  }

  /** True if the sweep has at least one trial file. */
  public boolean hasTrials(String sweep) {
    try {
      Path dir = sweepDir(sweep);
      FileSystem fs = dir.getFileSystem(conf());
      if (!fs.exists(dir)) {
        return false;
      }
      for (var status : fs.listStatus(dir)) {
        if (status.getPath().getName().startsWith("trial-")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + sweepDir(sweep), e);
    }
  }

  /** The whole table, with the {@code sweep} column from the folder names. */
  public Dataset<Row> read(SparkSession spark) {
    return spark.read().parquet(path);
  }

  /** One sweep's rows (with its {@code sweep} column), or null if it has none yet. */
  public Dataset<Row> readSweep(SparkSession spark, String sweep) {
    if (!hasTrials(sweep)) {
      return null;
    }
    return spark.read().option("basePath", path).parquet(sweepDir(sweep).toString());
  }

  /** Status of every trial the sweep already has, by trial id. */
  public Map<String, String> statusById(SparkSession spark, String sweep) {
    Map<String, String> status = new HashMap<>();
    Dataset<Row> rows = readSweep(spark, sweep);
    if (rows != null) {
      for (Row r : rows.select("trial_id", "status").collectAsList()) {
        status.put(r.getString(0), r.getString(1));
      }
    }
    return status;
  }
}
