package org.bnsweep.results;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.params.TrialStatus;

/**
 * The results table at a Hadoop path (local, HDFS, S3): {@code <path>/sweep=<name>/} holds one
 * file {@code trial-<trial id>.parquet} per trial.
 *
 * <p><b>One row per trial, whatever the writers.</b> Retries, speculative copies and restarted
 * drivers may write the same trial at the same time. Each writes the trial's one file name in a
 * single step that fails if the file exists ({@link Publication} says how on each file system):
 * on a local disk and on HDFS exactly one writer succeeds and the file is never half-written; on
 * S3A (and GCS) each upload appears whole and the last one stays. Either way every reader sees
 * one row per trial id.
 *
 * <p><b>One bad file does not break the table, and every reader sees the same rows.</b>
 * Readers ({@link #statusById}, {@link #readSweep}, {@link #readAll}; {@code query} and {@code
 * report} through {@link #readAll} of a {@link #readOnly} table) read only well-named trial
 * files, so a user's notes or a copy of a trial file are ignored; they read each file through
 * first and leave out an unreadable one (truncated, empty, wrong checksum, another trial's row),
 * with a one-line notice; and they read with the current writer's schema, so that files of an
 * older schema read with nulls in the newer columns. The sweep's driver also moves an unreadable
 * file aside to {@code sweep=<name>/_corrupt/}, so that its trial is trained again; a read-only
 * table leaves it where it is. {@code spark.read.parquet} on the folder still reads every file
 * in it: keep copies out of the table's folders.
 */
public final class ResultsTable implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The name under which {@code query} and {@code report} register the table. */
  public static final String VIEW = "trials";
  /**
   * A temporary file older than this belongs to a writer that died: a live writer's lasts the
   * milliseconds its one row takes to write.
   */
  public static final Duration TEMPORARY_FILE_LIFETIME = Duration.ofMinutes(10);

  private final String path;
  private final HadoopConf hadoop;
  /** Where notices go; null (standard error) by default and where the table was shipped. */
  private transient Consumer<String> notices;
  /** Files already named in a notice; null where the table was shipped. */
  private final transient Set<String> noticed = SweepFolder.newNoticedSet();
  /** True for readers that must write nothing: unreadable files are left in place. */
  private final boolean readOnly;

  public ResultsTable(String path, HadoopConf hadoop) {
    this(path, hadoop, false);
  }

  private ResultsTable(String path, HadoopConf hadoop, boolean readOnly) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("the results path is empty; pass --results PATH");
    }
    this.path = path;
    this.hadoop = hadoop;
    this.readOnly = readOnly;
  }

  /**
   * This table for a reader that writes nothing ({@code query}, {@code report}): the same rows
   * as the sweep's reads, an unreadable file left out with a notice but not moved aside.
   */
  public ResultsTable readOnly() {
    ResultsTable t = new ResultsTable(path, hadoop, true);
    t.notices = notices;
    return t;
  }

  /**
   * This table, sending its one-line notices (unreadable files moved aside, files skipped,
   * temporary files removed) to {@code notices} instead of standard error.
   */
  public ResultsTable withNotices(Consumer<String> notices) {
    ResultsTable t = new ResultsTable(path, hadoop, readOnly);
    t.notices = notices;
    return t;
  }

  public String path() {
    return path;
  }

  /** The trials' checkpoints, kept beside this table. */
  public CheckpointStore checkpoints() {
    return new CheckpointStore(path, hadoop);
  }

  /** Running trials' progress lines, kept beside this table. */
  public Heartbeats heartbeats() {
    return new Heartbeats(path, hadoop);
  }

  Path sweepDir(String sweep) {
    return new Path(path, "sweep=" + sweep);
  }

  private Configuration conf() {
    return hadoop.toConfiguration();
  }

  private SweepFolder folder(Path dir) throws IOException {
    Configuration conf = conf();
    return new SweepFolder(dir.getFileSystem(conf), dir, conf,
        notices != null ? notices : System.err::println,
        noticed != null ? noticed : SweepFolder.newNoticedSet(), !readOnly);
  }

  /**
   * Makes the sweep's folder and proves that files can be created and deleted in it, so that a
   * sweep fails before training rather than after its first trial.
   */
  public void checkWritable(String sweep) {
    Path dir = sweepDir(sweep);
    Path probe = new Path(dir, TrialFiles.probeName());
    FileSystem fs = null;
    try {
      fs = dir.getFileSystem(conf());
      fs.mkdirs(dir);
      fs.create(probe, false).close();
    } catch (IOException | RuntimeException | FSError e) {
      // FSError: how Hadoop's local file system reports a failed write, e.g. a full disk.
      throw new IllegalArgumentException("results path " + dir + " cannot be written (" + e
          + "); pass a writable --results PATH");
    } finally {
      deleteProbe(fs, probe);
    }
  }

  /** Deletes a write probe, also when writing it failed half way (it and its checksum). */
  private static void deleteProbe(FileSystem fs, Path probe) {
    try {
      if (fs != null) {
        fs.delete(probe, false);
      }
    } catch (IOException | RuntimeException e) {
      // Nothing more to do: the probe is a hidden file that the next sweep removes.
    }
  }

  /**
   * Deletes the temporary files that writers which died left in the sweep's folder and among
   * its checkpoints: those of our own temporary-file patterns older than {@code minAge}, nothing
   * else. A writer's temporary
   * file lives for the milliseconds its row takes to write, so any age of minutes ({@link
   * #TEMPORARY_FILE_LIFETIME}) is safe even with another driver writing the same sweep. The
   * driver calls this at the sweep's start.
   *
   * @return how many files were deleted
   */
  public int removeAbandonedTemporaryFiles(String sweep, Duration minAge) {
    try {
      int checkpointFiles = checkpoints().removeTemporaryFiles(sweep, minAge);
      if (checkpointFiles > 0) {
        Consumer<String> say = notices != null ? notices : System.err::println;
        say.accept("removed " + checkpointFiles
            + " temporary checkpoint files older than " + minAge.toMinutes() + " min from "
            + new Path(path, "_checkpoints/" + sweep) + ", left by writers that died");
      }
      return folder(sweepDir(sweep)).removeTemporaryFiles(minAge) + checkpointFiles;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + sweepDir(sweep), e);
    }
  }

  /**
   * Writes a trial's row unless the table already has one for it. Safe with any number of
   * writers of the same trial at once: see the class comment.
   *
   * @param replaceFailed replace the trial's row if it is a {@code failed} one (as the driver saw
   *     it when it planned this trial); a row another writer has since made {@code ok} or
   *     {@code diverged} stays
   * @return true if this row is now the trial's row in the table
   */
  public boolean write(String sweep, TrialRow row, boolean replaceFailed) {
    Path dir = sweepDir(sweep);
    Path target = new Path(dir, TrialFiles.trialName(row.trialId()));
    try {
      Configuration conf = conf();
      Publication publication = Publication.of(dir.getFileSystem(conf), conf);
      if (replaceFailed) {
        TrialFileCheck.Outcome existing = TrialFileCheck.check(target, row.trialId(), conf);
        if (existing instanceof TrialFileCheck.Readable r
            && r.file().status() != TrialStatus.FAILED) {
          return false;
        }
        if (!(existing instanceof TrialFileCheck.Gone)) {
          // A failed row, or a file no reader can use: ours replaces it in one step. (Moving an
          // unreadable file aside is for readers: here another writer may be replacing it.)
          publication.replace(row, target);
          return true;
        }
      }
      return publication.create(row, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trial " + row.trialId() + " to " + target
          + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Whether the trial's row in the table is a finished one ({@code ok}, {@code diverged} or
   * {@code stopped}): a writer that lost the race to publish it then knows its checkpoints are no
   * longer needed. False if there is no readable row or only a failed one.
   */
  public boolean hasFinishedRow(String sweep, String trialId) {
    Path target = new Path(sweepDir(sweep), TrialFiles.trialName(trialId));
    return TrialFileCheck.check(target, trialId, conf()) instanceof TrialFileCheck.Readable r
        && r.file().status() != TrialStatus.FAILED;
  }

  /** True if the sweep has at least one well-named trial or compacted file (unchecked). */
  public boolean hasTrials(String sweep) {
    try {
      SweepFolder folder = folder(sweepDir(sweep));
      return !folder.trialPaths().isEmpty() || !folder.compactedPaths().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + sweepDir(sweep), e);
    }
  }

  /** The sweep's readable trial files; unreadable ones are moved aside. */
  private List<TrialFile> trials(String sweep) {
    try {
      return folder(sweepDir(sweep)).trials();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trial files of " + sweepDir(sweep), e);
    }
  }

  /**
   * Merges the sweep's trial files into compacted files of at most {@code rowsPerFile} rows
   * each, without a reader ever seeing a trial twice or not at all: see {@link Compaction}.
   *
   * @throws IllegalStateException if a trial of the sweep reported progress lately (the sweep
   *     is running), or another compact published a compacted file meanwhile
   */
  public Compaction.Outcome compact(String sweep, int rowsPerFile) {
    Path dir = sweepDir(sweep);
    try {
      Configuration conf = conf();
      FileSystem fs = dir.getFileSystem(conf);
      Consumer<String> say = notices != null ? notices : System.err::println;
      SweepFolder folder = new SweepFolder(fs, dir, conf, say, SweepFolder.newNoticedSet(), false);
      return new Compaction(folder, fs, dir, conf, rowsPerFile, say, p -> { })
          .run(heartbeats(), sweep);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact " + dir, e);
    }
  }

  /** The sweeps of the table, by folder name ({@code sweep=<name>}); none if no table. */
  public List<String> sweeps() {
    Path root = new Path(path);
    List<String> names = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf());
      if (!fs.exists(root)) {
        return names;
      }
      for (FileStatus dir : fs.listStatus(root)) {
        String name = dir.getPath().getName();
        if (dir.isDirectory() && name.startsWith("sweep=")) {
          names.add(name.substring("sweep=".length()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the results table " + path, e);
    }
    java.util.Collections.sort(names);
    return names;
  }

  /** Status of every trial the sweep already has, by trial id. */
  public Map<String, TrialStatus> statusById(String sweep) {
    Map<String, TrialStatus> status = new HashMap<>();
    for (TrialFile f : trials(sweep)) {
      status.put(f.trialId(), f.status());
    }
    return status;
  }

  /**
   * What the planner needs of each of the sweep's rows, read without Spark (see {@link
   * TrialSummary}); unreadable files are moved aside as {@link #readSweep} does.
   */
  public List<TrialSummary> summaries(String sweep) {
    try {
      return folder(sweepDir(sweep)).summaries();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trial files of " + sweepDir(sweep), e);
    }
  }

  /** One sweep's rows (with its {@code sweep} column), or null if it has none yet. */
  public Dataset<Row> readSweep(SparkSession spark, String sweep) {
    List<TrialFile> files = trials(sweep);
    return files.isEmpty() ? null : read(spark, files);
  }

  /**
   * The whole table, with the {@code sweep} column from the folder names: every readable,
   * well-named trial file of every sweep, in the current schema.
   *
   * @throws IllegalArgumentException if there is no table at the path
   */
  public Dataset<Row> readAll(SparkSession spark) {
    Path root = new Path(path);
    List<TrialFile> files = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf());
      if (!fs.exists(root)) {
        throw new IllegalArgumentException("results table " + path + " does not exist; run a"
            + " sweep first or pass --results with the table's path");
      }
      for (FileStatus dir : fs.listStatus(root)) {
        if (dir.isDirectory() && dir.getPath().getName().startsWith("sweep=")) {
          files.addAll(folder(dir.getPath()).trials());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the results table " + path, e);
    }
    return read(spark, files);
  }

  /** The whole table: {@link #readAll}. */
  public Dataset<Row> read(SparkSession spark) {
    return readAll(spark);
  }

  private Dataset<Row> read(SparkSession spark, List<TrialFile> files) {
    var schema = TableSchema.spark();
    if (files.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().schema(schema).option("basePath", path)
        .parquet(files.stream().map(f -> f.path().toString()).distinct()
            .toArray(String[]::new));
  }
}
