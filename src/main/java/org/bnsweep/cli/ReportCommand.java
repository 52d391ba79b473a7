package org.bnsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.report.Report;
import org.bnsweep.report.TrialReader;
import org.bnsweep.report.Trial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bnsweep report}: figures and a page from one sweep of the results table. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write PNG figures, a self-contained HTML page (index.html) and a Markdown"
        + " twin (report.md) of one sweep of the results table: loss curves by depth and batch"
        + " normalisation, the lambda search, sensitivity to initialisation, and a run summary."})
final class ReportCommand implements Callable<Integer> {
  @Mixin TableOptions table;

  @Option(names = "--sweep", paramLabel = "NAME",
      description = "Sweep to report; may be omitted when the table holds one sweep only.")
  String sweep;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder for the report, created if missing.")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    Report.prepareOutput(out);
    // Stop the session only if this command started it: a caller's session (a test's, a
    // notebook's) stays usable.
    boolean started = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = table.localSpark("bnsweep report");
    String name;
    List<Trial> trials;
    try {
      TrialReader reader = TrialReader.open(spark, table.results);
      name = reader.chooseSweep(sweep);
      trials = reader.trials(name);
    } finally {
      if (started) {
        spark.stop();
      }
    }
    Report.Written written = Report.write(name, table.results, trials, out);
    stdout.printf("report of sweep %s (%d trials): %s, %s and %d figures in %s%n", name,
        trials.size(), written.html().getFileName(), written.markdown().getFileName(),
        written.figures().size(), out);
    stdout.flush();
    return 0;
  }
}
