package org.bnsweep.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One sweep's folder of the results table: its well-named trial files, each read through before
 * any reader relies on it, the unreadable ones left out (and, for the driver, moved aside to the
 * hidden folder {@value TrialFiles#CORRUPT_DIR}, so that their trials are trained again), and
 * the temporary files of writers that died.
 */
final class SweepFolder {
  /** Files checked at once: reads of one small file each, bound by latency on HDFS or S3. */
  private static final int PARALLEL_CHECKS = 8;

  private final FileSystem fs;
  private final Path dir;
  private final Configuration conf;
  private final Consumer<String> notices;
  private final Set<String> noticed;
  private final boolean moveAside;

  /**
   * @param notices where one-line notices go (files moved aside or skipped)
   * @param noticed names already reported as skipped, so each is reported once
   * @param moveAside move unreadable trial files aside (the driver), rather than only leave
   *     them out (readers that write nothing)
   */
  SweepFolder(FileSystem fs, Path dir, Configuration conf, Consumer<String> notices,
      Set<String> noticed, boolean moveAside) {
    this.fs = fs;
    this.dir = dir;
    this.conf = conf;
    this.notices = notices;
    this.noticed = noticed;
    this.moveAside = moveAside;
  }

  static Set<String> newNoticedSet() {
    return ConcurrentHashMap.newKeySet();
  }

  /** The folder's entries, or none if it does not exist. */
  private FileStatus[] list() throws IOException {
    if (!fs.exists(dir)) {
      return new FileStatus[0];
    }
    return fs.listStatus(dir);
  }

  /** The well-named trial files, unchecked. */
  List<Path> trialPaths() throws IOException {
    List<Path> paths = new ArrayList<>();
    for (FileStatus f : list()) {
      String name = f.getPath().getName();
      if (f.isFile() && TrialFiles.trialId(name) != null) {
        paths.add(f.getPath());
      } else if (TrialFiles.looksLikeTrialFile(name) && noticed.add(f.getPath().toString())) {
        notices.accept("skipping " + f.getPath() + ": not a trial file name"
            + " (trial-<16 hex digits>.parquet); readers of the table ignore it");
      }
    }
    return paths;
  }

  /** The readable trial files; unreadable ones are moved aside, with a notice each. */
  List<TrialFile> trials() throws IOException {
    List<Path> paths = trialPaths();
    List<TrialFile> files = new ArrayList<>();
    if (paths.isEmpty()) {
      return files;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_CHECKS, paths.size()),
        r -> {
          Thread t = new Thread(r, "bnsweep trial file check");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<TrialFile>> checks = new ArrayList<>();
      for (Path p : paths) {
        checks.add(pool.submit(() -> readableOrNull(p)));
      }
      for (Future<TrialFile> c : checks) {
        TrialFile f = c.get();
        if (f != null) {
          files.add(f);
        }
      }
      return files;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new java.io.InterruptedIOException(
          "interrupted while checking the trial files of " + dir));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("checking the trial files of " + dir + " failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The trial file at {@code p} if readable; else null, after moving it aside (or, read-only,
   * naming it) if it is there.
   */
  TrialFile readableOrNull(Path p) throws IOException {
    String id = TrialFiles.trialId(p.getName());
    TrialFileCheck.Outcome outcome = TrialFileCheck.check(p, id, conf);
    if (outcome instanceof TrialFileCheck.Unreadable) {
      // Once more: a writer replacing a failed row may have swapped the file while we read it.
      outcome = TrialFileCheck.check(p, id, conf);
    }
    if (outcome instanceof TrialFileCheck.Readable r) {
      return r.file();
    }
    if (outcome instanceof TrialFileCheck.Unreadable u) {
      if (moveAside) {
        moveAside(p, u.reason());
      } else if (noticed.add(p.toString())) {
        notices.accept("leaving out unreadable trial file " + p + " (" + u.reason() + "); the"
            + " next sweep run moves it aside and trains its trial again");
      }
    }
    return null;
  }

  private void moveAside(Path file, String reason) throws IOException {
    Path aside = new Path(new Path(dir, TrialFiles.CORRUPT_DIR),
        file.getName() + "." + Instant.now().toEpochMilli());
    fs.mkdirs(aside.getParent());
    if (fs.rename(file, aside)) {
      notices.accept("moved unreadable trial file " + file + " (" + reason + ") aside to "
          + aside + "; its trial will be trained again");
    } else if (fs.exists(file)) {
      throw new IOException("cannot move unreadable trial file " + file + " (" + reason
          + ") aside to " + aside + "; move or delete it by hand");
    }
  }

  /**
   * Deletes our temporary files (and only those: see {@link TrialFiles#isTemporary}) older than
   * {@code minAge}. A trial's temporary file lives for the few milliseconds its one row takes
   * to write, so an old one belongs to a writer that died.
   *
   * @return how many were deleted
   */
  int removeTemporaryFiles(Duration minAge) throws IOException {
    long before = Instant.now().minus(minAge).toEpochMilli();
    // The raw local file system also lists the .crc files that the checksummed one hides.
    FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    if (!raw.exists(dir)) {
      return 0;
    }
    int removed = 0;
    for (FileStatus f : raw.listStatus(dir)) {
      if (f.isFile() && TrialFiles.isTemporary(f.getPath().getName())
          && f.getModificationTime() < before && raw.delete(f.getPath(), false)) {
        removed++;
      }
    }
    if (removed > 0) {
      notices.accept("removed " + removed + " temporary files older than " + minAge.toMinutes()
          + " min from " + dir + ", left by writers that died");
    }
    return removed;
  }
}
