package org.bnsweep.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where running trials say how far they are: {@code <results>/_progress/<sweep>/<trial id>.txt}
 * holds one short line ("epoch 7/20 val 0.4812"), overwritten by the trial after every epoch and
 * deleted when it ends; the driver reads the folder every few seconds. A file on the results'
 * file system works the same in local mode and on any cluster, and Spark's accumulators would
 * reach the driver only when the task ends. Heartbeats are a display: failing to write or read
 * one never stops a trial or a sweep.
 */
public final class Heartbeats {
  private final String results;
  private final HadoopConf hadoop;

  Heartbeats(String results, HadoopConf hadoop) {
    this.results = results;
    this.hadoop = hadoop;
  }

  private Path dir(String sweep) {
    return new Path(new Path(results, "_progress"), sweep);
  }

  /**
   * The file system of the results, without checksum files on a local disk: a line read while
   * it is being overwritten would fail its checksum, and it is not worth one.
   */
  private FileSystem fileSystem(Path p) throws IOException {
    FileSystem fs = p.getFileSystem(hadoop.toConfiguration());
    return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  /** Replaces the trial's line; quietly does nothing if it cannot. */
  public void beat(String sweep, String trialId, String line) {
    Path file = new Path(dir(sweep), trialId + ".txt");
    try {
      FileSystem fs = fileSystem(file);
      try (FSDataOutputStream out = fs.create(file, true)) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException | org.apache.hadoop.fs.FSError e) {
      // Only the display loses a line. FSError: the local file system's full disk, which must
      // not fail the trial (the checkpoint or the row that cannot be written stops the sweep).
    }
  }

  /** Removes the trial's line; quietly does nothing if it cannot. */
  public void end(String sweep, String trialId) {
    Path file = new Path(dir(sweep), trialId + ".txt");
    try {
      FileSystem fs = fileSystem(file);
      fs.delete(file, false);
    } catch (IOException | RuntimeException e) {
      // A stale line is removed with the folder at the stage's end.
    }
  }

  /** The running trials' lines by trial id; none if the folder cannot be read. */
  public Map<String, String> read(String sweep) {
    Map<String, String> lines = new TreeMap<>();
    try {
      Path dir = dir(sweep);
      FileSystem fs = fileSystem(dir);
      if (!fs.exists(dir)) {
        return lines;
      }
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        if (f.isFile() && name.endsWith(".txt") && !name.startsWith(".")) {
          try (InputStream in = fs.open(f.getPath())) {
            String line = new String(in.readNBytes(200), StandardCharsets.UTF_8).strip();
            // Empty while the trial is rewriting it: shown next time.
            if (!line.isEmpty()) {
              lines.put(name.substring(0, name.length() - 4), line);
            }
          } catch (IOException | RuntimeException e) {
            // Deleted just now: the trial ended.
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // The display goes without running lines.
    }
    return lines;
  }

  /**
   * When a trial of the sweep last wrote its line, if any line is left: a recent one means the
   * sweep is running (a line of a trial that died stays until the next stage clears it).
   */
  public Optional<Instant> lastBeat(String sweep) {
    Instant last = null;
    try {
      Path dir = dir(sweep);
      FileSystem fs = fileSystem(dir);
      if (!fs.exists(dir)) {
        return Optional.empty();
      }
      for (FileStatus f : fs.listStatus(dir)) {
        Instant at = Instant.ofEpochMilli(f.getModificationTime());
        if (f.isFile() && f.getPath().getName().endsWith(".txt")
            && (last == null || at.isAfter(last))) {
          last = at;
        }
      }
    } catch (IOException | RuntimeException e) {
      // No line read: none known.
    }
    return Optional.ofNullable(last);
  }

  /** Deletes the sweep's folder: lines of trials that died without ending. */
  public void clear(String sweep) {
    try {
      Path dir = dir(sweep);
      fileSystem(dir).delete(dir, true);
    } catch (IOException | RuntimeException e) {
      // Stale lines are shown for a stage at most, then cleared by the next one.
    }
  }
}
