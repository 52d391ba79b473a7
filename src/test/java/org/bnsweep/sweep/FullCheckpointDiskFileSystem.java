package org.bnsweep.sweep;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;

/**
 * The local disk under the scheme {@code fullckpt:}, which fills after the first checkpoint:
 * each trial stores its checkpoint of cycle 1, and creating the temporary file of any later
 * checkpoint fails as a full disk does. Register it with {@code fs.fullckpt.impl}; it counts
 * the refused checkpoints per trial id.
 */
public final class FullCheckpointDiskFileSystem extends RowFaultFileSystem {
  static final String SCHEME = "fullckpt";
  static final Map<String, AtomicInteger> REFUSED = new ConcurrentHashMap<>();

  @Override
  String scheme() {
    return SCHEME;
  }

  @Override
  void beforeCreate(Path f) throws IOException {
    // _checkpoints/<sweep>/<trial id>/.tmp-<cycles>-<uuid>
    Path trial = f.getParent();
    boolean checkpoint = trial != null && trial.getParent() != null
        && trial.getParent().getParent() != null
        && trial.getParent().getParent().getName().equals("_checkpoints");
    if (checkpoint && isRowFile(f) && !f.getName().startsWith(".tmp-1-")) {
      REFUSED.computeIfAbsent(trial.getName(), k -> new AtomicInteger()).incrementAndGet();
      throw new IOException("No space left on device");
    }
  }
}
