package org.bnsweep.results;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * How a trial's file gets its final name, on each kind of file system, so that a reader never
 * sees half a file and a trial never has two:
 * <ul>
 *   <li>local disk: the file is written without a {@code .crc} checksum file (the checksummed
 *       local file system moves data and checksum in two steps, so two writers could leave one's
 *       data beside the other's checksum) under a temporary name, then hard-linked to its final
 *       name, which fails at once if the name exists; a replacement is a POSIX rename.</li>
 *   <li>HDFS (and any other file system that is not an object store): written under a temporary
 *       name and renamed without overwriting, which the NameNode does atomically, failing if the
 *       name exists; a replacement is a rename with {@code OVERWRITE}, also atomic.</li>
 *   <li>object stores (S3A, GCS): written straight to its final name; the object appears whole
 *       when the upload completes. The store checks for an existing object when the upload
 *       starts, not atomically with its completion, so two writers racing for one trial both
 *       succeed and the last one's file stays: still one file, so one row, per trial.</li>
 * </ul>
 */
abstract class Publication {
  /** Schemes of object stores: no atomic rename, but a whole object appears at once. */
  private static final Set<String> OBJECT_STORES = Set.of("s3a", "gs");

  final Configuration conf;

  private Publication(Configuration conf) {
    this.conf = conf;
  }

  static Publication of(FileSystem fs, Configuration conf) {
    FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    if (raw instanceof RawLocalFileSystem local) {
      return new HardLink(local, conf);
    }
    if (OBJECT_STORES.contains(fs.getScheme())) {
      return new Upload(fs, conf);
    }
    return new Rename(fs, conf);
  }

  /**
   * Writes {@code row} as the file {@code target} unless that file exists.
   *
   * @return true if this call wrote the file, false if it was there already
   */
  abstract boolean create(TrialRow row, Path target) throws IOException;

  /** Writes {@code row} as the file {@code target}, replacing any file there in one step. */
  abstract void replace(TrialRow row, Path target) throws IOException;

  /**
   * Writes a new file {@code target} (a compacted file) unless that file exists, in the same
   * single step as a trial file's, through a temporary file named {@code temporaryName} where
   * the file system needs one.
   *
   * @return true if this call wrote the file, false if it was there already
   */
  abstract boolean create(Contents contents, String temporaryName, Path target)
      throws IOException;

  /** What a new file holds, written to it in one go. */
  interface Contents {
    void writeTo(OutputFile file) throws IOException;
  }

  private static Contents contentsOf(TrialRow row, Configuration conf) {
    return file -> TrialParquet.write(row, file, conf);
  }

  /**
   * Publication through a temporary file beside the target, given the target's name once whole:
   * the file systems differ only in how they give it that name.
   */
  private abstract static class ThroughTemporary extends Publication {
    final FileSystem fs;

    ThroughTemporary(FileSystem fs, Configuration conf) {
      super(conf);
      this.fs = fs;
    }

    /**
     * Where a temporary file is written: a new file, failing if {@code tmp} exists, in a folder
     * made if missing.
     */
    OutputFile temporaryFile(Path tmp) throws IOException {
      return new FileSystemOutputFile(fs, tmp, false);
    }

    /** Gives {@code tmp} the name {@code target} unless that exists; false if it does. */
    abstract boolean claim(Path tmp, Path target) throws IOException;

    /** Gives {@code tmp} the name {@code target}, replacing any file there in one step. */
    abstract void overwrite(Path tmp, Path target) throws IOException;

    /**
     * Deletes {@code tmp} if the move left it behind: always after a failed one, and after a
     * {@code published} one where the move keeps the temporary name.
     */
    abstract void deleteLeftover(Path tmp, boolean published) throws IOException;

    @Override
    final boolean create(TrialRow row, Path target) throws IOException {
      return create(contentsOf(row, conf), TrialFiles.temporaryName(row.trialId()), target);
    }

    @Override
    final boolean create(Contents contents, String temporaryName, Path target)
        throws IOException {
      return throughTemporary(contents, temporaryName, target, this::claim);
    }

    @Override
    final void replace(TrialRow row, Path target) throws IOException {
      throughTemporary(contentsOf(row, conf), TrialFiles.temporaryName(row.trialId()), target,
          (tmp, t) -> {
            overwrite(tmp, t);
            return true;
          });
    }

    private boolean throughTemporary(Contents contents, String temporaryName, Path target,
        Move move) throws IOException {
      Path tmp = writeTemporary(contents, new Path(target.getParent(), temporaryName));
      boolean published = false;
      try {
        published = move.apply(tmp, target);
        return published;
      } finally {
        deleteLeftover(tmp, published);
      }
    }

    /** Writes {@code contents} as the new file {@code tmp}. */
    private Path writeTemporary(Contents contents, Path tmp) throws IOException {
      try {
        contents.writeTo(temporaryFile(tmp));
      } catch (IOException | RuntimeException e) {
        deleteQuietly(tmp, e);
        throw e;
      } catch (org.apache.hadoop.fs.FSError e) {
        // The local file system reports a full disk as an Error: still ours to clean up.
        IOException io = new IOException(e.getMessage(), e);
        deleteQuietly(tmp, io);
        throw io;
      }
      return tmp;
    }

    private void deleteQuietly(Path file, Exception cause) {
      try {
        fs.delete(file, false);
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }

    /** {@link #claim} or {@link #overwrite}: true if {@code target} now holds the new file. */
    private interface Move {
      boolean apply(Path tmp, Path target) throws IOException;
    }
  }

  /** Local disk: hard link to publish, POSIX rename to replace. */
  private static final class HardLink extends ThroughTemporary {
    private final RawLocalFileSystem raw;

    HardLink(RawLocalFileSystem raw, Configuration conf) {
      super(raw, conf);
      this.raw = raw;
    }

    private java.nio.file.Path local(Path p) {
      return raw.pathToFile(p).toPath();
    }

    /**
     * Written with java.nio: Hadoop's raw local file system sets each new file's permission by
     * running {@code chmod} in a new process (without Hadoop's native library, as here), which
     * took longer than the rest of writing a trial's row. The file gets the default mode, as
     * Hadoop's would (0666 less the umask).
     */
    @Override
    OutputFile temporaryFile(Path tmp) throws IOException {
      if (raw.getClass() != RawLocalFileSystem.class) {
        return super.temporaryFile(tmp); // a subclass's create may do more (a test's faults)
      }
      Files.createDirectories(local(tmp).getParent());
      return new LocalOutputFile(local(tmp));
    }

    @Override
    boolean claim(Path tmp, Path target) throws IOException {
      try {
        if (!Files.exists(local(target))) {
          // A checksum an older bnsweep left for a file that is gone would not match ours.
          Files.deleteIfExists(local(TrialFiles.checksumOf(target)));
        }
        Files.createLink(local(target), local(tmp));
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    void overwrite(Path tmp, Path target) throws IOException {
      Files.deleteIfExists(local(TrialFiles.checksumOf(target)));
      Files.move(local(tmp), local(target), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    void deleteLeftover(Path tmp, boolean published) throws IOException {
      // A hard link leaves the temporary name behind; after a move there is none to delete.
      Files.deleteIfExists(local(tmp));
    }
  }

  /** HDFS and the like: rename without overwriting to publish, with overwriting to replace. */
  private static final class Rename extends ThroughTemporary {
    Rename(FileSystem fs, Configuration conf) {
      super(fs, conf);
    }

    @Override
    boolean claim(Path tmp, Path target) throws IOException {
      try {
        // Hadoop's file system contract: rename fails (returns false or throws) if the target
        // exists; HDFS checks and renames in one step on the NameNode.
        boolean renamed = fs.rename(tmp, target);
        if (!renamed && !fs.exists(target)) {
          throw new IOException("cannot rename " + tmp + " to " + target);
        }
        return renamed;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    void overwrite(Path tmp, Path target) throws IOException {
      if (fs instanceof DistributedFileSystem hdfs) {
        hdfs.rename(tmp, target, Options.Rename.OVERWRITE);
      } else {
        // No atomic replacement in the FileSystem API: for a moment the trial has no row.
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
          throw new IOException("cannot rename " + tmp + " to " + target);
        }
      }
    }

    @Override
    void deleteLeftover(Path tmp, boolean published) throws IOException {
      // A rename takes the temporary name away.
      if (!published) {
        fs.delete(tmp, false);
      }
    }
  }

  /** Object stores: one upload straight to the final name. */
  private static final class Upload extends Publication {
    private final FileSystem fs;

    Upload(FileSystem fs, Configuration conf) {
      super(conf);
      this.fs = fs;
    }

    @Override
    boolean create(TrialRow row, Path target) throws IOException {
      return create(contentsOf(row, conf), null, target);
    }

    /**
     * Straight to {@code target}. Two uploads racing for one compacted file both succeed and the
     * last stays, so compact must run alone on an object store (see docs/results-guarantees.md).
     */
    @Override
    boolean create(Contents contents, String temporaryName, Path target) throws IOException {
      try {
        contents.writeTo(new FileSystemOutputFile(fs, target, false));
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    void replace(TrialRow row, Path target) throws IOException {
      TrialParquet.write(row, new FileSystemOutputFile(fs, target, true), conf);
    }
  }
}
