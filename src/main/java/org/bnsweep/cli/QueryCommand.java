package org.bnsweep.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.sweep.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bnsweep query "SQL"}: Spark SQL over the results table, registered as trials. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Run a Spark SQL statement over the results table, registered as the view"
        + " 'trials', and print the rows as a table (or as JSON lines).",
        "Example: bnsweep query \"SELECT stage, lambda, val_accuracy FROM trials"
            + " ORDER BY val_accuracy DESC LIMIT 5\""})
final class QueryCommand implements Callable<Integer> {
  static final int MAX_CELL = 48;

  @Parameters(index = "0", paramLabel = "SQL", description = "The statement.")
  String sql;

  @Option(names = "--results", paramLabel = "PATH", defaultValue = "results/trials",
      description = "Results table (default ${DEFAULT-VALUE}).")
  String results;

  @Option(names = "--json", description = "One JSON object per row, one per line.")
  boolean json;

  @Option(names = "--spark-logs", description = "Show Spark's INFO logging.")
  boolean sparkLogs;

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.create("bnsweep query", "local[*]", sparkLogs);
    try {
      ResultsTable table = new ResultsTable(results,
          HadoopConf.of(spark.sparkContext().hadoopConfiguration()));
      Dataset<Row> all;
      try {
        all = table.read(spark);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("no results table at " + results + " ("
            + Main.oneLine(e) + "); run a sweep first or pass --results PATH");
      }
      all.createOrReplaceTempView(ResultsTable.VIEW);
      Dataset<Row> rows = spark.sql(sql);
      PrintStream out = System.out;
      if (json) {
        rows.toJSON().collectAsList().forEach(out::println);
      } else {
        printTable(rows, out);
      }
      out.flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  static void printTable(Dataset<Row> rows, PrintStream out) {
    StructField[] fields = rows.schema().fields();
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      header[i] = fields[i].name();
    }
    cells.add(header);
    for (Row r : rows.collectAsList()) {
      String[] line = new String[fields.length];
      for (int i = 0; i < fields.length; i++) {
        Object v = r.get(i);
        String s = v == null ? "null" : v instanceof scala.collection.Seq<?> seq
            ? "[" + seq.size() + " items]" : String.valueOf(v);
        line[i] = s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 3) + "..." : s;
      }
      cells.add(line);
    }
    int[] width = new int[fields.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (int k = 0; k < cells.size(); k++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < fields.length; i++) {
        sb.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", cells.get(k)[i]));
      }
      out.println(sb.toString().stripTrailing());
      if (k == 0) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
          rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(rule);
      }
    }
    out.println("(" + (cells.size() - 1) + " rows)");
  }
}
