package org.bnsweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkContext;
import org.bnsweep.config.Settings;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.Json;
import org.bnsweep.sweep.DryRun;
import org.bnsweep.sweep.DataRead;
import org.bnsweep.sweep.SparkSessions;
import org.bnsweep.sweep.SweepPlan;
import org.bnsweep.sweep.SweepRunner;
import org.bnsweep.sweep.TrialListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bnsweep sweep CONF}: runs a sweep's stages on Spark into the results table. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run the sweep that CONF describes (e.g. conf/lambda-search.conf): each stage"
        + " a Spark job with one trial per task, every trial written to the results table as"
        + " soon as it ends. Running it again resumes: trials already in the table are not"
        + " trained again (failed ones are).",
        "Without --master, runs in local[*] unless spark-submit set a master."})
final class SweepCommand implements Callable<Integer> {
  /** Exit status of a sweep that ran to its end with some trial failed. */
  static final int SOME_TRIALS_FAILED = 4;

  /** Failed trials named one per line; the rest are counted. */
  static final int FAILURES_SHOWN = 5;

  /** Hears of each trial on its executor: nothing to do, unless a test injects faults. */
  private final TrialListener listener;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONF", description = "The sweep's HOCON file.")
  Path conf;

  @Option(names = "--results", paramLabel = "PATH",
      description = "Results table (local path, hdfs://, s3a://); default: sweep.results of CONF.")
  String results;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. local[2] or spark://127.0.0.1:7077 (bnsweep cluster"
          + " start); bnsweep sets up a cluster's executors itself.")
  String master;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a setting of CONF, e.g. --set data.training-size=5000; repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--spark-logs", description = "Show Spark's INFO logging.")
  boolean sparkLogs;

  @Option(names = "--json", description = "End with one line of JSON: the stages' trials.")
  boolean json;

  @Option(names = "--dry-run", description = "Print the plan (stages, values, trial counts,"
      + " trials already in the table, estimated time) without Spark; train and write nothing.")
  boolean dryRun;

  SweepCommand() {
    this(TrialListener.NONE);
  }

  /** The command with a test's listener, made by the factory a test hands {@link Main#run}. */
  SweepCommand(TrialListener listener) {
    this.listener = listener;
  }

  @Override
  public Integer call() throws java.io.IOException {
    SweepPlan plan = SweepPlan.fromSettings(Settings.load(conf, overrides,
        SweepPlan.OPEN_SECTIONS));
    if (results != null) {
      plan = plan.withResults(results);
    }
    if (dryRun) {
      DryRun.print(plan, org.apache.hadoop.conf.Configuration::new, System.out);
      return 0;
    }
    // Read while Spark starts: the two take about as long as each other.
    DataRead data = DataRead.start(plan);
    ClusterCommand.registerDriver(master != null ? master : System.getProperty("spark.master"));
    SparkContext spark = SparkSessions.context("bnsweep sweep " + plan.name(), master, sparkLogs);
    try {
      PrintStream out = System.out;
      SweepRunner.Summary summary = new SweepRunner(spark, plan, out, listener).withData(data)
          .run();
      out.printf("sweep %s done in %.1f s: %d trials trained (%d updates), %d already in the table."
              + " Query it: submit/bnsweep query --results %s \"SELECT stage, lambda,"
              + " val_accuracy, test_accuracy FROM trials ORDER BY val_accuracy DESC\"%n",
          plan.name(), summary.seconds(), summary.trained(), summary.updatesTrained(),
          summary.reused(), plan.results());
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sweep", plan.name());
        m.put("results", plan.results());
        m.put("trained", summary.trained());
        m.put("reused", summary.reused());
        m.put("updates_trained", summary.updatesTrained());
        m.put("seconds", summary.seconds());
        Map<String, Object> stages = new LinkedHashMap<>();
        summary.stages().forEach((name, outcomes) -> stages.put(name, outcomes.stream()
            .map(o -> {
              Map<String, Object> t = new LinkedHashMap<>();
              t.put("trial_id", o.trialId());
              t.put("status", o.status().label());
              t.put("val_accuracy", o.valAccuracy());
              t.put("test_accuracy", o.testAccuracy());
              t.put("seconds", o.seconds());
              t.put("training_seconds", o.trainingSeconds());
              return t;
            }).toList()));
        m.put("stages", stages);
        out.println(Json.write(m));
      }
      out.flush();
      ClassArchive.ranFully();
      return failed(summary, spec.commandLine().getErr()) ? SOME_TRIALS_FAILED : 0;
    } finally {
      spark.stop();
    }
  }

  /** Prints a line per failed trial of the sweep (the first few) and says if there was one. */
  static boolean failed(SweepRunner.Summary summary, java.io.PrintWriter err) {
    List<String> lines = new ArrayList<>();
    summary.stages().forEach((stage, outcomes) -> outcomes.stream()
        .filter(o -> o.status() == TrialStatus.FAILED)
        .forEach(o -> lines.add("bnsweep sweep: trial " + o.trialId() + " of stage " + stage
            + " failed: " + o.error())));
    lines.stream().limit(FAILURES_SHOWN).forEach(err::println);
    if (lines.size() > FAILURES_SHOWN) {
      err.println("bnsweep sweep: and " + (lines.size() - FAILURES_SHOWN) + " more failed"
          + " trials");
    }
    if (!lines.isEmpty()) {
      err.println("bnsweep sweep: " + lines.size() + (lines.size() == 1 ? " trial" : " trials")
          + " failed (exit status " + SOME_TRIALS_FAILED + "); run the sweep again to retry"
          + " them");
    }
    err.flush();
    return !lines.isEmpty();
  }
}
