package org.bnsweep.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's clean-up at a sweep's start: temporary files that writers which died left behind
 * go, and nothing else, however old or however like ours its name.
 */
class TemporaryFilesTest {
  static final String SWEEP = "cleanup";
  static final Duration MIN_AGE = Duration.ofMinutes(10);

  @Test
  void removesOnlyOurOldTemporaryFiles(@TempDir Path dir) throws IOException {
    List<String> notices = new ArrayList<>();
    ResultsTable table = new ResultsTable(dir.toString(), HadoopConf.of(new Configuration()))
        .withNotices(notices::add);
    Path sweepDir = Files.createDirectories(dir.resolve("sweep=" + SWEEP));
    String id = TrialRows.newId();
    String tmp = ".tmp-" + id + "-" + UUID.randomUUID() + ".parquet";
    Set<String> dead = Set.of(tmp, "." + tmp + ".crc", ".probe-" + UUID.randomUUID());
    Set<String> kept = Set.of("trial-" + id + ".parquet", "notes.tmp", ".tmp-notes",
        tmp + ".bak", ".tmp-" + id + ".parquet", "." + tmp + ".crc.orig", "_corrupt");
    Instant old = Instant.now().minus(MIN_AGE.multipliedBy(3));
    for (String name : union(dead, kept)) {
      Files.setLastModifiedTime(Files.writeString(sweepDir.resolve(name), "x"),
          FileTime.from(old));
    }
    String live = ".tmp-" + TrialRows.newId() + "-" + UUID.randomUUID() + ".parquet";
    Files.writeString(sweepDir.resolve(live), "being written");

    int removed = table.removeAbandonedTemporaryFiles(SWEEP, MIN_AGE);

    assertEquals(dead.size(), removed);
    assertEquals(union(kept, Set.of(live)), names(sweepDir));
    assertEquals(1, notices.size(), "notices: " + notices);
  }

  /**
   * A checkpoint writer killed between writing and renaming leaves {@code .tmp-<cycles>-<uuid>}
   * (and its checksum) in the trial's checkpoint folder: an old one goes, a young one (a live
   * writer's), the checkpoints themselves and look-alikes stay.
   */
  @Test
  void removesOldTemporaryCheckpointFilesOfKilledWriters(@TempDir Path dir) throws IOException {
    List<String> notices = new ArrayList<>();
    ResultsTable table = new ResultsTable(dir.toString(), HadoopConf.of(new Configuration()))
        .withNotices(notices::add);
    String id = TrialRows.newId();
    CheckpointStore store = table.checkpoints();
    assertTrue(store.write(SWEEP, id, 1, new byte[] {1, 2, 3}));
    Path trialDir = dir.resolve("_checkpoints").resolve(SWEEP).resolve(id);
    String tmp = ".tmp-2-" + UUID.randomUUID();
    Set<String> dead = Set.of(tmp, "." + tmp + ".crc");
    Set<String> kept = Set.of(".tmp-2", ".tmp-x-" + UUID.randomUUID(), tmp + ".bak", "2.tmp");
    Instant old = Instant.now().minus(MIN_AGE.multipliedBy(3));
    for (String name : union(dead, kept)) {
      Files.setLastModifiedTime(Files.writeString(trialDir.resolve(name), "x"),
          FileTime.from(old));
    }
    String live = ".tmp-3-" + UUID.randomUUID();
    Files.writeString(trialDir.resolve(live), "being written");
    Set<String> before = names(trialDir);

    int removed = table.removeAbandonedTemporaryFiles(SWEEP, MIN_AGE);

    assertEquals(dead.size(), removed);
    Set<String> left = new TreeSet<>(before);
    left.removeAll(dead);
    assertEquals(left, names(trialDir));
    assertTrue(left.containsAll(union(kept, Set.of(live, "1"))), left.toString());
    assertArrayEquals(new byte[] {1, 2, 3}, store.read(SWEEP, id, 1).orElseThrow());
    assertEquals(1, notices.size(), "notices: " + notices);
    assertTrue(notices.get(0).startsWith("removed 2 temporary checkpoint files"), notices.get(0));
  }

  @Test
  void aSweepWithoutAFolderHasNothingToRemove(@TempDir Path dir) {
    ResultsTable table = new ResultsTable(dir.toString(), HadoopConf.of(new Configuration()));

    assertEquals(0, table.removeAbandonedTemporaryFiles(SWEEP, MIN_AGE));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
