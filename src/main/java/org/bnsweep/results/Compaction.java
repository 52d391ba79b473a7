package org.bnsweep.results;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.bnsweep.params.TrialStatus;

/**
 * {@code compact}: merges a finished sweep's trial files into a few compacted files, so that a
 * reader opens a few files instead of one per trial. Each step leaves a table that every reader
 * reads right ({@link SweepFolder} gives the rule: a compacted file's rows, and the trial files
 * whose trials no compacted file holds):
 * <ol>
 *   <li>delete the trial files that compacted files already cover (a compact killed after
 *       publishing left them; readers ignore them);</li>
 *   <li>for each batch of at most {@code rowsPerFile} uncovered trial files, in trial-id order:
 *       write their rows into a hidden temporary file (readers never look at it; a kill leaves it
 *       for the next sweep to remove, as a trial writer's), publish it as the next {@code
 *       compacted-<n>.parquet} in one step that fails if that name exists ({@link Publication}:
 *       readers see the batch's trial files before, the compacted file after, never both), then
 *       delete the batch's trial files.</li>
 * </ol>
 * A {@code failed} row is left in its trial file: a later sweep run replaces it with the trial's
 * new row, which a compacted file would hide. Rows that are {@code ok}, {@code diverged} or
 * {@code stopped} are never replaced, so a trial file a zombie writer publishes for a compacted
 * trial is the second row of a trial whose first already stays: ignored, then deleted.
 *
 * <p>Two compacts of one sweep cannot both publish a number: the one that finds its number taken
 * stops before deleting anything. On an object store the claim is not atomic: run one compact
 * at a time there.
 */
public final class Compaction {
  /** A trial that wrote its progress line more recently than this is running. */
  static final Duration RUNNING = ResultsTable.TEMPORARY_FILE_LIFETIME;

  /**
   * What a run did.
   *
   * @param published compacted files published
   * @param rows rows merged into them
   * @param deleted trial files deleted (covered by these or earlier compacted files)
   * @param left trial files left as they are (failed rows, unreadable or odd files)
   */
  public record Outcome(int published, int rows, int deleted, int left) {}

  private final SweepFolder folder;
  private final FileSystem fs;
  private final Path dir;
  private final Configuration conf;
  private final int rowsPerFile;
  /** Told each file written, published or deleted, after the fact; tests stop a run there. */
  private final Consumer<Path> steps;
  private final Consumer<String> notices;

  /**
   * @param notices where one-line notices go (files left as they are)
   * @param steps told each file published or deleted, after the fact
   */
  Compaction(SweepFolder folder, FileSystem fs, Path dir, Configuration conf, int rowsPerFile,
      Consumer<String> notices, Consumer<Path> steps) {
    if (rowsPerFile < 1) {
      throw new IllegalArgumentException("rows per compacted file must be >= 1, got "
          + rowsPerFile);
    }
    this.folder = folder;
    this.fs = fs;
    this.dir = dir;
    this.conf = conf;
    this.rowsPerFile = rowsPerFile;
    this.steps = steps;
    this.notices = notices;
  }

  /** Refuses a running sweep, then compacts. */
  Outcome run(Heartbeats heartbeats, String sweep) throws IOException {
    Optional<Instant> beat = heartbeats.lastBeat(sweep);
    if (beat.isPresent() && beat.get().isAfter(Instant.now().minus(RUNNING))) {
      long seconds = Duration.between(beat.get(), Instant.now()).toSeconds();
      throw new IllegalStateException("sweep " + sweep + " is running (a trial reported"
          + " progress " + Math.max(seconds, 0) + " s ago); compact it once it has finished");
    }
    return run();
  }

  /** The steps of the class comment. */
  Outcome run() throws IOException {
    // The rows as the snapshot's checks read them: each trial file is read once.
    SweepFolder.Snapshot<TrialFileCheck.Readable> now = folder.snapshotWithRows();
    int deleted = delete(now.covered());
    List<TrialFileCheck.Readable> todo = new ArrayList<>();
    int left = 0;
    for (TrialFileCheck.Readable r : now.rows()) {
      if (r.row() == null) {
        continue; // a compacted file's row
      }
      if (r.file().status() == TrialStatus.FAILED) {
        left++;
      } else {
        todo.add(r);
      }
    }
    todo.sort(Comparator.comparing(r -> r.file().trialId()));
    int next = 1 + folder.compactedPaths().stream()
        .mapToInt(p -> TrialFiles.compactedNumber(p.getName())).max().orElse(0);
    Publication publication = Publication.of(fs, conf);
    int published = 0;
    int rows = 0;
    for (int from = 0; from < todo.size(); from += rowsPerFile) {
      List<Path> batch = new ArrayList<>();
      List<Group> groups = new ArrayList<>();
      for (TrialFileCheck.Readable r : todo.subList(from, Math.min(todo.size(),
          from + rowsPerFile))) {
        Group row = inCurrentSchemaOrNull(r);
        if (row == null) {
          left++;
        } else {
          batch.add(r.file().path());
          groups.add(row);
        }
      }
      if (groups.isEmpty()) {
        continue;
      }
      Path target = new Path(dir, TrialFiles.compactedName(next));
      if (!publication.create(file -> CompactedFile.write(groups, file, conf),
          TrialFiles.compactedTemporaryName(), target)) {
        throw new IllegalStateException("another compact published " + target + " meanwhile;"
            + " run compact again once it has finished");
      }
      steps.accept(target);
      published++;
      rows += groups.size();
      next++;
      deleted += delete(batch);
    }
    return new Outcome(published, rows, deleted, left);
  }

  /** A trial file's row in today's schema, or null (with a notice) if it has another shape. */
  private Group inCurrentSchemaOrNull(TrialFileCheck.Readable r) {
    try {
      return CompactedFile.toCurrentSchema(r.row());
    } catch (IOException e) {
      notices.accept("leaving trial file " + r.file().path() + " as it is: " + e.getMessage());
      return null;
    }
  }

  private int delete(List<Path> files) throws IOException {
    int n = 0;
    for (Path p : files) {
      if (fs.delete(p, false)) {
        n++;
      }
      steps.accept(p);
    }
    return n;
  }
}
