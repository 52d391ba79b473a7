package org.bnsweep.sweep;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under the scheme {@code faulty:}, full for trial files: creating a trial's
 * temporary file (the first step of writing its row) fails as a full disk does, while the
 * sweep's write probe and folders work. Register it with {@code fs.faulty.impl}; it counts the
 * attempts per trial id.
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "faulty";
  static final Map<String, AtomicInteger> WRITES = new ConcurrentHashMap<>();

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    refuseTrialFile(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite,
      int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    refuseTrialFile(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  private static void refuseTrialFile(Path f) throws IOException {
    String name = f.getName();
    if (name.startsWith(".tmp-")) {
      WRITES.computeIfAbsent(name.substring(5, 21), k -> new AtomicInteger()).incrementAndGet();
      throw new IOException("No space left on device");
    }
  }
}
