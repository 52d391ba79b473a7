package org.bnsweep.results;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.bnsweep.params.TrialStatus;

/**
 * Reads a trial file through, as Spark would, to tell a readable one from one that would break
 * every read of the table: a truncated or empty file, data beside another file's checksum, no
 * row or several, no {@code trial_id} or {@code status}, or the row of another trial.
 *
 * <p>The file is read into memory in one pass over one open stream and parsed from there: a
 * trial file is one small row, and a writer replacing it meanwhile cannot hand us the length of
 * one file and the bytes of the other, as opening it twice (once to stat, once to read) could.
 */
final class TrialFileCheck {
  /** Far more than a trial's one row with its curve; a larger file is not a trial file. */
  static final int MAX_BYTES = 64 << 20;

  /** What a check found. */
  sealed interface Outcome {}

  /** @param row the file's one row, as parquet-mr read it */
  record Readable(TrialFile file, Group row) implements Outcome {}

  /** @param reason one line saying why */
  record Unreadable(String reason) implements Outcome {}

  /** There is no file (any more): never written, or moved aside by another reader. */
  record Gone() implements Outcome {}

  private TrialFileCheck() {}

  /**
   * Checks the trial file {@code file}, whose name gives {@code trialId}.
   *
   * @throws UncheckedIOException if the read was interrupted (no verdict on the file)
   */
  static Outcome check(Path file, String trialId, Configuration conf) {
    try {
      byte[] bytes;
      try (InputStream in = file.getFileSystem(conf).open(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        return new Unreadable("it is larger than " + (MAX_BYTES >> 20) + " MiB");
      }
      return check(file, trialId, bytes);
    } catch (FileNotFoundException e) {
      return new Gone();
    } catch (InterruptedIOException e) {
      throw new UncheckedIOException("interrupted while reading " + file, e);
    } catch (IOException | RuntimeException e) {
      return new Unreadable(firstLine(rootCause(e)));
    }
  }

  private static Outcome check(Path file, String trialId, byte[] bytes) throws IOException {
    try (ParquetReader<Group> reader = new GroupReader(new InMemoryFile(bytes)).build()) {
      Group row = reader.read();
      if (row == null) {
        return new Unreadable("it holds no row");
      }
      if (reader.read() != null) {
        return new Unreadable("it holds more than one row");
      }
      String id = string(row, "trial_id");
      String status = string(row, "status");
      if (id == null || status == null) {
        return new Unreadable("it has no " + (id == null ? "trial_id" : "status"));
      }
      if (!id.equals(trialId)) {
        return new Unreadable("it holds trial " + id);
      }
      Optional<TrialStatus> known = TrialStatus.ofWord(status);
      if (known.isEmpty()) {
        return new Unreadable("its status \"" + status + "\" is none of ok, diverged, stopped,"
            + " failed");
      }
      return new Readable(new TrialFile(file, id, known.get()), row);
    }
  }

  /** A string column's value, or null if the row has no such column or no value in it. */
  private static String string(Group row, String column) {
    if (!row.getType().containsField(column)) {
      return null;
    }
    Type type = row.getType().getType(column);
    if (!type.isPrimitive()
        || type.asPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY
        || row.getFieldRepetitionCount(column) != 1) {
      return null;
    }
    return row.getString(column, 0);
  }

  /** The innermost cause: Parquet wraps the checksum or I/O error that says what is wrong. */
  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Parquet's reader of rows as {@link Group}s, over any input file. */
  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(InputFile file) {
      super(file);
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }

  /** A Parquet input file over bytes in memory. */
  private record InMemoryFile(byte[] bytes) implements InputFile {
    /** Parquet names the file in its errors: "it is not a Parquet file", in our notice. */
    @Override
    public String toString() {
      return "it";
    }

    @Override
    public long getLength() {
      return bytes.length;
    }

    @Override
    public SeekableInputStream newStream() {
      SeekableBytes in = new SeekableBytes(bytes);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() {
          return in.position();
        }

        @Override
        public void seek(long newPos) {
          in.seek(newPos);
        }
      };
    }
  }

  private static final class SeekableBytes extends ByteArrayInputStream {
    SeekableBytes(byte[] bytes) {
      super(bytes);
    }

    long position() {
      return pos;
    }

    void seek(long newPos) {
      pos = (int) Math.min(Math.max(newPos, 0), count);
    }
  }
}
