package org.bnsweep.results;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers of one trial (two sweeps into one table): the one that publishes the trial's row
 * deletes the trial's checkpoint folder while the other is writing a checkpoint into it. The
 * other's checkpoint is then simply not stored; it is not a storage failure that would stop
 * its sweep (as it did in FaultInjectionIT's two-sweeps scenario once).
 */
class VanishingCheckpointTest {
  /** The local disk, whose renames first delete the source's folder, as the winner does. */
  public static final class FolderDeletedBeforeRename extends RawLocalFileSystem {
    @Override
    public URI getUri() {
      return URI.create("vanish:///");
    }

    @Override
    public String getScheme() {
      return "vanish";
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
      delete(src.getParent(), true);
      return super.rename(src, dst);
    }
  }

  @Test
  void aCheckpointWhoseFolderIsDeletedMeanwhileIsNotStoredAndNotAFailure(@TempDir java.nio.file.Path dir)
      throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.vanish.impl", FolderDeletedBeforeRename.class.getName());
    conf.setBoolean("fs.vanish.impl.disable.cache", true);
    CheckpointStore store = new CheckpointStore("vanish://" + dir.toAbsolutePath(),
        HadoopConf.of(conf));
    assertFalse(store.write("race", "0123456789abcdef", 1, new byte[] {1, 2, 3}));
    assertFalse(store.has("race", "0123456789abcdef", 1));
    java.nio.file.Path trial = dir.resolve("_checkpoints/race/0123456789abcdef");
    assertTrue(!Files.exists(trial) || Files.list(trial).findAny().isEmpty(),
        "files left in " + trial);
  }
}
