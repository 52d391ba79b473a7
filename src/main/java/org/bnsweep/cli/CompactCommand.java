package org.bnsweep.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.bnsweep.results.Compaction;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.ResultsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bnsweep compact}: merges finished sweeps' one-file-per-trial Parquet files into a few
 * larger ones, without Spark. Every reader sees each trial once throughout, and a kill at any
 * moment leaves a correct table that a second run finishes (see {@link Compaction}).
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {"Merge the trial files of finished sweeps into a few compacted Parquet files"
        + " (compacted-<n>.parquet), so that reading the table opens a few files instead of one"
        + " per trial. Failed trials keep their files (a later run retrains them). Safe to kill"
        + " and to run again; refuses a sweep whose trials reported progress lately.",
        "Example: bnsweep compact --results results/trials --sweep quick"})
final class CompactCommand implements Callable<Integer> {
  @Option(names = "--results", paramLabel = "PATH", defaultValue = "results/trials",
      description = "Parquet results table (default ${DEFAULT-VALUE}).")
  String results;

  @Option(names = "--sweep", paramLabel = "NAME",
      description = "Sweep to compact; repeat for several (default: every sweep of the table).")
  List<String> sweeps;

  @Option(names = "--rows-per-file", paramLabel = "N", defaultValue = "10000",
      description = "Most rows in one compacted file (default ${DEFAULT-VALUE}).")
  int rowsPerFile;

  @Override
  public Integer call() {
    if (rowsPerFile < 1) {
      throw new IllegalArgumentException("--rows-per-file must be >= 1, got " + rowsPerFile);
    }
    ResultsTable table = new ResultsTable(results, HadoopConf.of(new Configuration()))
        .withNotices(line -> System.err.println("bnsweep compact: " + line));
    List<String> names = sweeps == null || sweeps.isEmpty() ? table.sweeps() : sweeps;
    if (names.isEmpty()) {
      throw new IllegalArgumentException("results table " + results + " has no sweeps; pass"
          + " --results with the table's path");
    }
    for (String sweep : names) {
      long start = System.nanoTime();
      Compaction.Outcome o = table.compact(sweep, rowsPerFile);
      System.out.printf("sweep %s: %d rows into %d compacted files, %d trial files deleted,"
          + " %d left (failed or unreadable), %.1f s%n", sweep, o.rows(), o.published(),
          o.deleted(), o.left(), (System.nanoTime() - start) / 1e9);
    }
    System.out.flush();
    ClassArchive.ranFully();
    return 0;
  }
}
