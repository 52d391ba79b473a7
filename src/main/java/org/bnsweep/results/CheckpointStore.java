package org.bnsweep.results;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Trials' checkpoints beside the results table: {@code <results>/_checkpoints/<sweep>/<trial
 * id>/<cycles>} holds the bytes of a trial's state after that many cycles. The leading underscore
 * makes Spark's readers skip the folder. A checkpoint is written as the table's rows are: under
 * a hidden temporary name, then renamed into place only if that trial and cycle have none yet,
 * so retries and speculative copies never leave two. A writer killed between the two steps leaves
 * its temporary file (and, on a local disk, its checksum): {@link #removeTemporaryFiles} removes
 * those at the next sweep's start.
 */
public final class CheckpointStore implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A temporary checkpoint ({@code .tmp-<cycles>-<uuid>}) and its checksum file. */
  private static final Pattern TEMPORARY;

  static {
    String ours = "tmp-[0-9]{1,9}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    TEMPORARY = Pattern.compile("\\." + ours + "|\\.\\." + ours + "\\.crc");
  }

  private final String results;
  private final HadoopConf hadoop;

  public CheckpointStore(String results, HadoopConf hadoop) {
    this.results = results;
    this.hadoop = hadoop;
  }

  Path trialDir(String sweep, String trialId) {
    return new Path(new Path(new Path(results, "_checkpoints"), sweep), trialId);
  }

  /**
   * Stores the state of {@code trialId} after {@code cycles} cycles unless one is there already.
   *
   * @return true if these bytes are now that checkpoint
   */
  public boolean write(String sweep, String trialId, int cycles, byte[] bytes) {
    Path dir = trialDir(sweep, trialId);
    Path target = new Path(dir, Integer.toString(cycles));
    Path tmp = new Path(dir, ".tmp-" + cycles + "-" + UUID.randomUUID());
    FileSystem fs = null;
    boolean published = false;
    try {
      fs = dir.getFileSystem(conf());
      fs.mkdirs(dir);
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        out.write(bytes);
      }
      published = !fs.exists(target) && fs.rename(tmp, target);
      return published;
    } catch (java.io.FileNotFoundException e) {
      // The trial's folder went while this was written: a writer that finished the trial
      // deleted its checkpoints. Nothing would read this one; the trial trains on.
      return false;
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      // FSError: the local file system's way of saying the disk is full.
      throw new UncheckedIOException("cannot write the checkpoint " + target,
          e instanceof IOException io ? io : new IOException(e.getMessage(), e));
    } finally {
      if (!published && fs != null) {
        try {
          fs.delete(tmp, false);
        } catch (IOException e) {
          // Left for the next sweep's clean-up of temporary files.
        }
      }
    }
  }

  /** The most cycles, at most {@code atMost}, that {@code trialId} has a checkpoint of. */
  public OptionalInt latest(String sweep, String trialId, int atMost) {
    Path dir = trialDir(sweep, trialId);
    try {
      FileSystem fs = dir.getFileSystem(conf());
      if (!fs.exists(dir)) {
        return OptionalInt.empty();
      }
      int best = -1;
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        if (name.matches("[0-9]{1,9}") && Integer.parseInt(name) <= atMost) {
          best = Math.max(best, Integer.parseInt(name));
        }
      }
      return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints in " + dir, e);
    }
  }

  /** True if {@code trialId} has a checkpoint of exactly {@code cycles} cycles. */
  public boolean has(String sweep, String trialId, int cycles) {
    return latest(sweep, trialId, cycles).orElse(-1) == cycles;
  }

  /** The bytes of a checkpoint, or empty if there is none. */
  public Optional<byte[]> read(String sweep, String trialId, int cycles) {
    Path file = new Path(trialDir(sweep, trialId), Integer.toString(cycles));
    try {
      FileSystem fs = file.getFileSystem(conf());
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (FSDataInputStream in = fs.open(file)) {
        return Optional.of(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint " + file, e);
    }
  }

  /** When a checkpoint was written (its file's modification time), if it is there. */
  public Optional<java.time.Instant> writtenAt(String sweep, String trialId, int cycles) {
    Path file = new Path(trialDir(sweep, trialId), Integer.toString(cycles));
    try {
      FileSystem fs = file.getFileSystem(conf());
      return fs.exists(file)
          ? Optional.of(java.time.Instant.ofEpochMilli(fs.getFileStatus(file).getModificationTime()))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the time of the checkpoint " + file, e);
    }
  }

  /** Where a checkpoint lives, for messages. */
  public String describe(String sweep, String trialId, int cycles) {
    return new Path(trialDir(sweep, trialId), Integer.toString(cycles)).toString();
  }

  /** Deletes every checkpoint of a trial that has finished: its row says all there is. */
  public void deleteAll(String sweep, String trialId) {
    Path dir = trialDir(sweep, trialId);
    try {
      dir.getFileSystem(conf()).delete(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the checkpoints in " + dir, e);
    }
  }

  /**
   * Deletes the temporary checkpoint files (only names of our pattern) older than {@code minAge}
   * in every trial folder of the sweep: a writer's lives for the milliseconds its bytes take to
   * write, so an old one belongs to a writer that died. (A trial that finishes deletes its whole
   * folder; this catches those of trials that never finished.)
   *
   * @return how many files were deleted
   */
  public int removeTemporaryFiles(String sweep, Duration minAge) {
    Path dir = new Path(new Path(results, "_checkpoints"), sweep);
    long before = Instant.now().minus(minAge).toEpochMilli();
    int removed = 0;
    try {
      FileSystem fs = dir.getFileSystem(conf());
      // The raw local file system also lists the .crc files that the checksummed one hides.
      FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
      if (!raw.exists(dir)) {
        return 0;
      }
      for (FileStatus trial : raw.listStatus(dir)) {
        if (!trial.isDirectory()) {
          continue;
        }
        for (FileStatus f : raw.listStatus(trial.getPath())) {
          if (f.isFile() && TEMPORARY.matcher(f.getPath().getName()).matches()
              && f.getModificationTime() < before && raw.delete(f.getPath(), false)) {
            removed++;
          }
        }
      }
      return removed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up the checkpoints in " + dir, e);
    }
  }

  private Configuration conf() {
    return hadoop.toConfiguration();
  }
}
