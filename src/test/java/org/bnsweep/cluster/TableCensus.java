package org.bnsweep.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * A sweep's folder read as a user's own tools would read it, not through bnsweep's reader:
 * every file under the folder, at any depth and of any name (hidden temporary files and
 * {@code _corrupt/} included), is opened with parquet-hadoop's plain reader if it is Parquet,
 * and every row it holds is counted by its {@code trial_id}. bnsweep's reader takes one file
 * per trial by its name, so a second copy of a row is invisible to it; this count sees it.
 */
final class TableCensus {
  /** Parquet files start (and end) with these four bytes. */
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  /** Where the driver moves unreadable trial files: {@code TrialFiles.CORRUPT_DIR}. */
  static final String CORRUPT_DIR = "_corrupt";

  /**
   * @param rowsById rows per trial id, over every readable Parquet file
   * @param torn Parquet files that cannot be read to their end (relative to the folder)
   * @param aside files under {@code _corrupt/} (relative to the folder)
   */
  record Census(Map<String, Integer> rowsById, List<String> torn, List<String> aside) {
    /** Rows beyond the first of each trial id. */
    int duplicates() {
      return rowsById.values().stream().mapToInt(n -> n - 1).sum();
    }

    /** Trials of {@code planned} without a row. */
    Set<String> lost(Set<String> planned) {
      Set<String> lost = new TreeSet<>(planned);
      lost.removeAll(rowsById.keySet());
      return lost;
    }

    /** Torn files with a name readers would read (not hidden): a half-published row. */
    List<String> tornVisible() {
      return torn.stream().filter(f -> !hidden(f)).toList();
    }

    /** Torn hidden files: temporary files of writers killed while they wrote. */
    List<String> tornTemporary() {
      return torn.stream().filter(TableCensus::hidden).toList();
    }
  }

  private TableCensus() {}

  /**
   * Reads every file under {@code sweepDir} but those of {@code planted} (what the test itself
   * put there as a positive control).
   */
  static Census of(Path sweepDir, Set<Path> planted) throws IOException {
    Map<String, Integer> rows = new TreeMap<>();
    List<String> torn = new ArrayList<>();
    List<String> aside = new ArrayList<>();
    if (!Files.isDirectory(sweepDir)) {
      return new Census(rows, torn, aside);
    }
    List<Path> files;
    try (Stream<Path> all = Files.walk(sweepDir)) {
      files = all.filter(Files::isRegularFile).filter(f -> !planted.contains(f)).sorted()
          .toList();
    }
    for (Path f : files) {
      String name = sweepDir.relativize(f).toString();
      if (name.startsWith(CORRUPT_DIR + "/")) {
        aside.add(name);
      }
      if (!isParquet(f)) {
        continue;
      }
      try {
        for (String id : trialIds(f)) {
          rows.merge(id, 1, Integer::sum);
        }
      } catch (IOException | RuntimeException e) {
        torn.add(name);
      }
    }
    return new Census(rows, torn, aside);
  }

  /** A Parquet file by its content, or by its name (a file truncated to nothing is one too). */
  private static boolean isParquet(Path f) throws IOException {
    if (f.getFileName().toString().contains(".parquet")) {
      return true;
    }
    try (InputStream in = Files.newInputStream(f)) {
      return java.util.Arrays.equals(MAGIC, in.readNBytes(MAGIC.length));
    }
  }

  /** The trial id of every row of a Parquet file ("" for a row without one). */
  static List<String> trialIds(Path file) throws IOException {
    // The raw local file system: no .crc file is consulted or needed, as for any other reader.
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    List<String> ids = new ArrayList<>();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
        new org.apache.hadoop.fs.Path(file.toUri())).withConf(conf).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        boolean hasId = g.getType().containsField("trial_id")
            && g.getFieldRepetitionCount("trial_id") > 0;
        ids.add(hasId ? g.getString("trial_id", 0) : "");
      }
    }
    return ids;
  }

  private static boolean hidden(String relativeName) {
    return Path.of(relativeName).getFileName().toString().startsWith(".");
  }
}
