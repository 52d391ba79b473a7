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

  /**
   * Every file of a sweep's folder as it is, each Parquet file read through.
   *
   * @param compacted the trial ids of each compacted file, by name
   * @param trials the trial id each trial file holds, by name
   * @param temporary the names of hidden temporary files (not the table's; not read)
   */
  record Folder(Map<String, List<String>> compacted, Map<String, String> trials,
      List<String> temporary) {
    /** The trial ids the compacted files hold. */
    Set<String> covered() {
      Set<String> ids = new HashSet<>();
      compacted.values().forEach(ids::addAll);
      return ids;
    }

    /** The trial files whose trial a compacted file holds (a reader ignores them). */
    List<String> coveredTrialFiles() {
      Set<String> covered = covered();
      return trials.entrySet().stream().filter(e -> covered.contains(e.getValue()))
          .map(Map.Entry::getKey).sorted().toList();
    }
  }

  /** Reads every Parquet file of {@code sweepDir}; throws if one holds another trial's row. */
  static Folder folder(Path sweepDir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(sweepDir)) {
      files = s.sorted().toList();
    }
    Map<String, List<String>> compacted = new TreeMap<>();
    Map<String, String> trials = new TreeMap<>();
    List<String> temporary = new java.util.ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.matches("compacted-[0-9]{6}\\.parquet")) {
        compacted.put(name, ids(f));
      } else if (name.matches("trial-[0-9a-f]{16}\\.parquet")) {
        List<String> inFile = ids(f);
        if (!List.of(name.substring(6, 22)).equals(inFile)) {
          throw new IOException(f + " holds " + inFile);
        }
        trials.put(name, inFile.get(0));
      } else if (name.startsWith(".tmp-") && name.endsWith(".parquet")) {
        temporary.add(name);
      }
    }
    return new Folder(compacted, trials, temporary);
  }

  /** How many rows each trial id has, by the rule. */
  static Map<String, Integer> rowsById(Path sweepDir) throws IOException {
    return count(sweepDir, true);
  }

  /** How many rows each trial id has if every visible Parquet file is read, as Spark would. */
  static Map<String, Integer> rowsByIdIgnoringTheRule(Path sweepDir) throws IOException {
    return count(sweepDir, false);
  }

  private static Map<String, Integer> count(Path sweepDir, boolean rule) throws IOException {
    Folder folder = folder(sweepDir);
    Map<String, Integer> rows = new TreeMap<>();
    folder.compacted().values().forEach(ids -> ids.forEach(id -> rows.merge(id, 1, Integer::sum)));
    Set<String> covered = folder.covered();
    for (String id : folder.trials().values()) {
      if (!rule || !covered.contains(id)) {
        rows.merge(id, 1, Integer::sum);
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
