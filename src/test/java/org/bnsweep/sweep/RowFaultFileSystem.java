package org.bnsweep.sweep;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under a scheme of a test's own, with a hook run before every file is created:
 * the seam through which a test makes the writing of a trial's row fail. Subclasses register
 * with {@code fs.<scheme>.impl}.
 */
abstract class RowFaultFileSystem extends RawLocalFileSystem {
  /** The scheme, as {@code fs.<scheme>.impl} names it. */
  abstract String scheme();

  /** Runs before {@code f} is created; throws to make the creation fail. */
  abstract void beforeCreate(Path f) throws IOException;

  /** True if {@code f} is a trial row's temporary file, the first step of writing the row. */
  static boolean isRowFile(Path f) {
    return f.getName().startsWith(".tmp-");
  }

  @Override
  public URI getUri() {
    return URI.create(scheme() + ":///");
  }

  @Override
  public String getScheme() {
    return scheme();
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    beforeCreate(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite,
      int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    beforeCreate(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
