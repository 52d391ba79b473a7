package org.bnsweep.sweep;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;

/**
 * The local disk under the scheme {@code faulty:}, full for trial files: creating a trial's
 * temporary file (the first step of writing its row) fails as a full disk does, while the
 * sweep's write probe and folders work. Register it with {@code fs.faulty.impl}; it counts the
 * attempts per trial id.
 */
public final class FullDiskFileSystem extends RowFaultFileSystem {
  static final String SCHEME = "faulty";
  static final Map<String, AtomicInteger> WRITES = new ConcurrentHashMap<>();

  @Override
  String scheme() {
    return SCHEME;
  }

  @Override
  void beforeCreate(Path f) throws IOException {
    if (isRowFile(f)) {
      WRITES.computeIfAbsent(f.getName().substring(5, 21), k -> new AtomicInteger())
          .incrementAndGet();
      throw new IOException("No space left on device");
    }
  }
}
