package org.bnsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.report.Report;
import org.bnsweep.report.Trial;
import org.bnsweep.report.TrialReader;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.Heartbeats;
import org.bnsweep.results.ResultsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bnsweep report}: figures and a page from one sweep of the results table. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write PNG figures, a self-contained HTML page (index.html) and a Markdown"
        + " twin (report.md) of one sweep of the results table: loss curves by depth and batch"
        + " normalisation, the lambda search, sensitivity to initialisation, the optimisation"
        + " histories of the table's sweeps side by side, and a run summary.",
        "It opens with the best trial and the command that trains it again; --watch keeps it"
        + " up to date while a sweep runs."})
final class ReportCommand implements Callable<Integer> {
  @Mixin TableOptions table;

  @Option(names = "--sweep", paramLabel = "NAME",
      description = "Sweep to report; may be omitted when the table holds one sweep only.")
  String sweep;

  @Option(names = "--compare", paramLabel = "NAME",
      description = "Sweep whose optimisation history the section 'Sweeps compared' draws;"
          + " repeat it for several (default: every sweep of the table).")
  List<String> compare;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder for the report, created if missing.")
  Path out;

  @Option(names = "--watch", description = "Keep the page up to date while a sweep runs:"
      + " rewrite it every --every seconds with the finished trials and the running trials'"
      + " latest epoch; the page reloads itself (open index.html, no server needed). Runs until"
      + " interrupted, or for --rounds rewrites.")
  boolean watch;

  @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "5",
      description = "With --watch: seconds between rewrites and between the page's reloads"
          + " (default ${DEFAULT-VALUE}).")
  int every;

  @Option(names = "--rounds", paramLabel = "N",
      description = "With --watch: stop after N rewrites (default: until interrupted).")
  Integer rounds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter stdout = spec.commandLine().getOut();
    Report.prepareOutput(out);
    if (watch) {
      return watch(stdout);
    }
    // Stop the session only if this command started it: a caller's session (a test's, a
    // notebook's) stays usable.
    boolean started = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = table.localSpark("bnsweep report");
    String name;
    List<Trial> trials;
    Map<String, List<Trial>> compared = new LinkedHashMap<>();
    try {
      TrialReader reader = TrialReader.open(spark, table.results);
      name = reader.chooseSweep(sweep);
      trials = reader.trials(name);
      List<String> sweeps = reader.sweeps();
      for (String n : compare == null ? sweeps : compare) {
        if (!sweeps.contains(n)) {
          throw new IllegalArgumentException("--compare " + n + ": no such sweep in results"
              + " table " + table.results + "; its sweeps are: " + String.join(", ", sweeps));
        }
        compared.put(n, n.equals(name) ? trials : reader.trials(n));
      }
    } finally {
      if (started) {
        spark.stop();
      }
    }
    Report.Written written = Report.write(name, table.results, trials, compared, out,
        Optional.empty());
    stdout.printf("report of sweep %s (%d trials): %s, %s and %d figures in %s%n", name,
        trials.size(), written.html().getFileName(), written.markdown().getFileName(),
        written.figures().size(), out);
    stdout.flush();
    ClassArchive.ranFully();
    return 0;
  }

  /**
   * Rewrites a live report every {@code every} seconds. The table is opened again each round:
   * Spark lists a table's files when it is opened, and the sweep adds one per finished trial.
   * Until the sweep's first trial is in the table the page is not written; a line says so.
   */
  private int watch(PrintWriter stdout) throws InterruptedException {
    if (every < 1) {
      throw new IllegalArgumentException("--every must be at least 1 second, got " + every);
    }
    if (rounds != null && rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
    }
    boolean started = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = table.localSpark("bnsweep report --watch");
    try {
      Heartbeats heartbeats = new ResultsTable(table.results,
          HadoopConf.of(spark.sparkContext().hadoopConfiguration())).heartbeats();
      String waiting = null;
      for (int round = 1; rounds == null || round <= rounds; round++) {
        if (round > 1) {
          Thread.sleep(1000L * every);
        }
        String name;
        List<Trial> trials;
        try {
          TrialReader reader = TrialReader.open(spark, table.results);
          name = reader.chooseSweep(sweep);
          trials = reader.trials(name);
        } catch (IllegalArgumentException e) {
          // No table or no trial of the sweep yet: the sweep is starting.
          if (!e.getMessage().equals(waiting)) {
            waiting = e.getMessage();
            stdout.println("waiting: " + waiting);
            stdout.flush();
          }
          continue;
        }
        Map<String, String> running = heartbeats.read(name);
        // Only the watched sweep's history: reading every sweep each round would slow the
        // rewrites, and the others do not change while it runs.
        Report.write(name, table.results, trials, Map.of(name, trials), out,
            Optional.of(new Report.Live(running, every, Instant.now())));
        stdout.printf("live report of sweep %s: %d trials in the table, %d running; %s%n", name,
            trials.size(), running.size(), out.resolve(Report.HTML));
        stdout.flush();
      }
    } finally {
      if (started) {
        spark.stop();
      }
    }
    return 0;
  }
}
