package org.bnsweep.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p><b>Compacted files.</b> {@code compact} merges trial files into {@code
 * compacted-<n>.parquet} files. The folder's rows are every row of every compacted file, and the
 * row of every trial file whose trial id no compacted file holds; a trial file whose trial a
 * compacted file holds is ignored (compact publishes the compacted file whole, in one step, then
 * deletes the trial files it covers; a kill in between leaves them, covered). A reader lists the
 * compacted files before and after it lists and reads the trial files and starts again if they
 * changed: a trial file that compact deleted meanwhile was covered by a compacted file that the
 * second listing shows, so no reader ever sees a trial twice or not at all ({@link #snapshot}).
 */
final class SweepFolder {
  /** Files checked at once: reads of one small file each, bound by latency on HDFS or S3. */
  private static final int PARALLEL_CHECKS = 8;
  /**
   * Listings of the folder before a reader gives up because compactions keep changing it: each
   * reads only the files the one before had not, so it takes a listing's time.
   */
  private static final int ATTEMPTS = 20;

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

  /** The compacted files, oldest first, unchecked. */
  List<Path> compactedPaths() throws IOException {
    List<Path> paths = new ArrayList<>();
    for (FileStatus f : list()) {
      if (f.isFile() && TrialFiles.compactedNumber(f.getPath().getName()) > 0) {
        paths.add(f.getPath());
      }
    }
    paths.sort(Comparator.comparingInt(p -> TrialFiles.compactedNumber(p.getName())));
    return paths;
  }

  /** How one kind of reader reads rows: the table's (trial id and status) or the plan's. */
  interface RowReader<T> {
    /** The rows of a compacted file; throws if the file cannot be read through. */
    List<T> compacted(Path file) throws IOException;

    /** A trial file's row, or null if it is unreadable (after moving it aside or naming it). */
    T trial(Path file) throws IOException;

    String trialId(T row);

    /** A reader of the three functions. */
    static <T> RowReader<T> of(FileRead<List<T>> compacted, FileRead<T> trial,
        java.util.function.Function<T, String> trialId) {
      return new RowReader<>() {
        @Override
        public List<T> compacted(Path file) throws IOException {
          return compacted.read(file);
        }

        @Override
        public T trial(Path file) throws IOException {
          return trial.read(file);
        }

        @Override
        public String trialId(T row) {
          return trialId.apply(row);
        }
      };
    }
  }

  /** Reads something of a file. */
  @FunctionalInterface
  interface FileRead<T> {
    T read(Path file) throws IOException;
  }

  /**
   * The folder's rows at one moment.
   *
   * @param compacted the readable compacted files, oldest first
   * @param rows the rows of the compacted files, then those of the trial files they do not cover
   * @param covered the trial files whose trials the compacted files hold: not read, not rows
   */
  record Snapshot<T>(List<Path> compacted, List<T> rows, List<Path> covered) {}

  /** The readable trial files and compacted rows; unreadable files are moved aside. */
  List<TrialFile> trials() throws IOException {
    return snapshot().rows();
  }

  /** {@link #trials}, with the files they come from and the trial files they make redundant. */
  Snapshot<TrialFile> snapshot() throws IOException {
    return snapshot(RowReader.of(file -> CompactedFile.statuses(file, conf),
        this::readableOrNull, TrialFile::trialId));
  }

  /**
   * {@link #snapshot}, with each trial file's row as its check read it (null for the rows of
   * compacted files), so that compact need not read the files again.
   */
  Snapshot<TrialFileCheck.Readable> snapshotWithRows() throws IOException {
    return snapshot(RowReader.of(file -> CompactedFile.statuses(file, conf).stream()
        .map(f -> new TrialFileCheck.Readable(f, null)).toList(),
        this::readOrNull, r -> r.file().trialId()));
  }

  /** The summaries of the folder's rows, read like {@link #trials}. */
  List<TrialSummary> summaries() throws IOException {
    return snapshot(RowReader.of(file -> CompactedFile.summaries(file, conf), file -> {
      TrialFileCheck.Readable r = readOrNull(file);
      return r == null ? null : TrialSummary.of(r.row());
    }, TrialSummary::trialId)).rows();
  }

  /**
   * The folder's rows, by the rule of the class comment, read consistently while {@code
   * compact} may be publishing compacted files and deleting the trial files they cover.
   */
  <T> Snapshot<T> snapshot(RowReader<T> reader) throws IOException {
    // Files read by an earlier attempt: a compacted file never changes once published, and a
    // trial file read then is a row it held (one a later writer may replace is a failed one).
    Map<Path, List<T>> compactedRead = new HashMap<>();
    Map<Path, T> trialsRead = new HashMap<>();
    for (int attempt = 1; ; attempt++) {
      List<Path> before = compactedPaths();
      List<Path> readable = new ArrayList<>();
      List<T> rows = new ArrayList<>();
      Map<String, Path> coveredBy = new HashMap<>();
      for (Path c : before) {
        List<T> inFile = compactedRead.containsKey(c) ? compactedRead.get(c)
            : compactedOrNull(c, reader);
        compactedRead.put(c, inFile);
        if (inFile == null) {
          continue;
        }
        for (T row : inFile) {
          Path earlier = coveredBy.putIfAbsent(reader.trialId(row), c);
          if (earlier != null) {
            throw new IllegalStateException("trial " + reader.trialId(row) + " is in two"
                + " compacted files, " + earlier + " and " + c + "; move one of them out of the"
                + " table");
          }
        }
        readable.add(c);
        rows.addAll(inFile);
      }
      List<Path> uncovered = new ArrayList<>();
      List<Path> covered = new ArrayList<>();
      for (Path p : trialPaths()) {
        (coveredBy.containsKey(TrialFiles.trialId(p.getName())) ? covered : uncovered).add(p);
      }
      List<Path> unread = uncovered.stream().filter(p -> !trialsRead.containsKey(p)).toList();
      List<T> fresh = readInParallel(unread, reader);
      for (int i = 0; i < unread.size(); i++) {
        if (fresh.get(i) != null) {
          trialsRead.put(unread.get(i), fresh.get(i));
        }
      }
      for (Path p : uncovered) {
        if (trialsRead.containsKey(p)) {
          rows.add(trialsRead.get(p));
        }
      }
      if (compactedPaths().equals(before)) {
        return new Snapshot<>(readable, rows, covered);
      }
      if (attempt == ATTEMPTS) {
        throw new IOException("the compacted files of " + dir + " changed each of " + ATTEMPTS
            + " times they were read (is compact running?); try again");
      }
    }
  }

  /** A compacted file's rows, or null (moved aside, or named) if it cannot be read through. */
  private <T> List<T> compactedOrNull(Path file, RowReader<T> reader) throws IOException {
    try {
      return reader.compacted(file);
    } catch (java.io.FileNotFoundException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst()
          .orElse("");
      if (moveAside) {
        moveAside(file, reason);
      } else if (noticed.add(file.toString())) {
        notices.accept("leaving out unreadable compacted file " + file + " (" + reason + ");"
            + " the next sweep run moves it aside and trains its trials again");
      }
      return null;
    }
  }

  /** Reads the trial files {@code paths}, a few at once: their rows in order, null if unusable. */
  private <T> List<T> readInParallel(List<Path> paths, RowReader<T> reader) throws IOException {
    List<T> files = new ArrayList<>();
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
      List<Future<T>> checks = new ArrayList<>();
      for (Path p : paths) {
        checks.add(pool.submit(() -> reader.trial(p)));
      }
      for (Future<T> c : checks) {
        files.add(c.get());
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
    TrialFileCheck.Readable r = readOrNull(p);
    return r == null ? null : r.file();
  }

  /** {@link #readableOrNull}, with the file's row. */
  private TrialFileCheck.Readable readOrNull(Path p) throws IOException {
    String id = TrialFiles.trialId(p.getName());
    TrialFileCheck.Outcome outcome = TrialFileCheck.check(p, id, conf);
    if (outcome instanceof TrialFileCheck.Unreadable) {
      // Once more: a writer replacing a failed row may have swapped the file while we read it.
      outcome = TrialFileCheck.check(p, id, conf);
    }
    if (outcome instanceof TrialFileCheck.Readable r) {
      return r;
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
    String what = TrialFiles.compactedNumber(file.getName()) > 0 ? "compacted" : "trial";
    String whose = what.equals("trial") ? "its trial" : "its trials";
    Path aside = new Path(new Path(dir, TrialFiles.CORRUPT_DIR),
        file.getName() + "." + Instant.now().toEpochMilli());
    fs.mkdirs(aside.getParent());
    if (fs.rename(file, aside)) {
      notices.accept("moved unreadable " + what + " file " + file + " (" + reason + ") aside to "
          + aside + "; " + whose + " will be trained again");
    } else if (fs.exists(file)) {
      throw new IOException("cannot move unreadable " + what + " file " + file + " (" + reason
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
