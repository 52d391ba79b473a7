package org.bnsweep.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.ResultsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bnsweep query "SQL"}: Spark SQL over the results table, registered as trials. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Run a read-only Spark SQL statement (SELECT, WITH ... SELECT, SHOW, DESCRIBE,"
        + " EXPLAIN) over the results table, registered as the view 'trials', and print the"
        + " rows as a table (or as JSON lines).",
        "Example: bnsweep query \"SELECT stage, lambda, val_accuracy FROM trials"
            + " ORDER BY val_accuracy DESC LIMIT 5\""})
final class QueryCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SQL", description = "The statement.")
  String sql;

  @Mixin TableOptions table;

  @Option(names = "--json", description = "One JSON object per row, one per line.")
  boolean json;

  @Override
  public Integer call() {
    SparkSession spark = table.localSpark("bnsweep query");
    try {
      // The view first: the check analyses the statement, which resolves what it reads.
      readTable(spark).createOrReplaceTempView(ResultsTable.VIEW);
      ReadOnlySql.check(spark, sql);
      Dataset<Row> rows = spark.sql(sql);
      PrintStream out = System.out;
      if (json) {
        rows.toJSON().collectAsList().forEach(out::println);
      } else {
        SqlText text = new SqlText(ZoneId.of(spark.conf().get("spark.sql.session.timeZone")));
        TextTable.lines(rows.schema(), rows.collectAsList(), text).forEach(out::println);
      }
      out.flush();
      ClassArchive.ranFully();
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * The table, once its folder is known to hold Parquet files: Spark would otherwise log a
   * FileNotFoundException trace for a missing folder, or fail on an empty one with "unable to
   * infer schema".
   */
  private Dataset<Row> readTable(SparkSession spark) {
    String results = table.results;
    String fix = "; run a sweep first: submit/bnsweep sweep conf/quick.conf, or pass --results"
        + " PATH";
    Path path = new Path(results);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new IllegalArgumentException("results table " + results + " does not exist" + fix);
      }
      if (!hasParquetFiles(fs, path)) {
        throw new IllegalArgumentException("results table " + results + " has no trials" + fix);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list results table " + results, e);
    }
    // The rows report reads too: query and report agree on which trials exist.
    return new ResultsTable(results, HadoopConf.of(spark.sparkContext().hadoopConfiguration()))
        .readOnly().readAll(spark);
  }

  /** True if some visible file under {@code path} is a Parquet file (Spark skips . and _). */
  private static boolean hasParquetFiles(FileSystem fs, Path path) throws IOException {
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(path, true);
    while (files.hasNext()) {
      String name = files.next().getPath().getName();
      if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
