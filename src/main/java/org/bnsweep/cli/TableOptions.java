package org.bnsweep.cli;

import org.apache.spark.sql.SparkSession;
import org.bnsweep.sweep.SparkSessions;
import picocli.CommandLine.Option;

/**
 * The {@code --results} and {@code --spark-logs} options shared by the commands that read the
 * results table with a Spark session on this machine ({@code query}, {@code report}).
 */
final class TableOptions {
  @Option(names = "--results", paramLabel = "PATH", defaultValue = "results/trials",
      description = "Parquet results table (default ${DEFAULT-VALUE}).")
  String results;

  @Option(names = "--spark-logs", description = "Show Spark's INFO logging.")
  boolean sparkLogs;

  /** A session on all of this machine's cores, named {@code name} in Spark's logs and UI. */
  SparkSession localSpark(String name) {
    return SparkSessions.create(name, "local[*]", sparkLogs);
  }
}
