package org.bnsweep.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * The table's documented rule (docs/results-guarantees.md), applied by hand to every Parquet
 * file of a sweep's folder with plain parquet-mr, sharing no code with the readers under test:
 * every row of every {@code compacted-<n>.parquet}, then the row of each {@code
 * trial-<id>.parquet} whose id no compacted file holds. Hidden files are not the table's.
 */
final class PlainReader {
  private static final Configuration CONF = new Configuration();

  private PlainReader() {}

  /** How many rows each trial id has, by the rule. */
  static Map<String, Integer> rowsById(Path sweepDir) throws IOException {
    return count(sweepDir, true);
  }

  /** How many rows each trial id has if every visible Parquet file is read, as Spark would. */
  static Map<String, Integer> rowsByIdIgnoringTheRule(Path sweepDir) throws IOException {
    return count(sweepDir, false);
  }

  private static Map<String, Integer> count(Path sweepDir, boolean rule) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(sweepDir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    Map<String, Integer> rows = new TreeMap<>();
    Set<String> covered = new HashSet<>();
    for (Path f : files) {
      if (f.getFileName().toString().matches("compacted-[0-9]{6}\\.parquet")) {
        for (String id : ids(f)) {
          rows.merge(id, 1, Integer::sum);
          covered.add(id);
        }
      }
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.matches("trial-[0-9a-f]{16}\\.parquet")) {
        String id = name.substring(6, 22);
        if (!rule || !covered.contains(id)) {
          List<String> inFile = ids(f);
          if (!List.of(id).equals(inFile)) {
            throw new IOException(f + " holds " + inFile);
          }
          rows.merge(id, 1, Integer::sum);
        }
      }
    }
    return rows;
  }

  private static List<String> ids(Path file) throws IOException {
    List<String> ids = new java.util.ArrayList<>();
    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(),
        new org.apache.hadoop.fs.Path(file.toUri())).withConf(CONF).build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        ids.add(g.getString("trial_id", 0));
      }
    }
    return ids;
  }
}
