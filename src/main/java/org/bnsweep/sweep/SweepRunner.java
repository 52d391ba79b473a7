package org.bnsweep.sweep;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.CifarSplit;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.train.TrialConfig;

/**
 * The driver of a sweep. For each stage in turn it plans the trials (for a refinement, from the
 * results of the stage it refines), leaves out those the table already holds, runs the rest as
 * one Spark job over a Dataset of trial configs with one trial per partition, and reads the
 * stage's results back from the table.
 */
public final class SweepRunner {
  /** Spark jobs a stage gets before its missing trials are recorded as failed. */
  static final int PASSES = 3;

  private final SparkSession spark;
  private final SweepPlan plan;
  private final ResultsTable table;
  private final PrintStream out;

  public SweepRunner(SparkSession spark, SweepPlan plan, PrintStream out) {
    this.spark = spark;
    this.plan = plan;
    this.table = new ResultsTable(plan.results(),
        HadoopConf.of(spark.sparkContext().hadoopConfiguration())).withNotices(out::println);
    this.out = out;
  }

  /** A finished trial as the driver sees it. */
  public record Outcome(String trialId, String status, Double valAccuracy, Double testAccuracy,
      double seconds, double trainingSeconds) {}

  /**
   * What each stage produced, in stage order, and where the time went.
   *
   * @param seconds wall time of the whole sweep
   * @param dataSeconds of which the driver spent reading, checking and splitting the data
   * @param executorDataSeconds time trials spent getting the data on executors, summed
   */
  public record Summary(Map<String, List<Outcome>> stages, int trained, int reused,
      double seconds, double dataSeconds, double executorDataSeconds) {}

  public Summary run() {
    long start = System.nanoTime();
    table.checkWritable(plan.name());
    table.removeAbandonedTemporaryFiles(plan.name(), ResultsTable.TEMPORARY_FILE_LIFETIME);
    CifarSplit split = CifarSplit.of(CifarData.readFiles(plan.data()), plan.data());
    double dataSeconds = (System.nanoTime() - start) / 1e9;
    double executorDataSeconds = 0;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Shipped only if some trial is left to train: a resumed, finished sweep sends nothing.
    Broadcast<CifarSplit> broadcast = null;

    Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
    Map<String, TrialTask> planned = new LinkedHashMap<>();
    int trained = 0;
    int reused = 0;
    out.printf("sweep %s: %d stages, results in %s, master %s; data: %d + %d + %d images"
            + " read and checked in %.1f s%n", plan.name(), plan.stages().size(), plan.results(),
        spark.sparkContext().master(), split.training().count(), split.validation().count(),
        split.test().count(), dataSeconds);
    for (Stage stage : plan.stages()) {
      List<TrialConfig> bases = stage.type() == Stage.Type.GRID ? List.of(plan.base())
          : best(outcomes.get(stage.of()), stage.top(), planned);
      if (bases.isEmpty()) {
        out.printf("[%s] skipped: stage %s has no ok trials to refine%n", stage.name(),
            stage.of());
        outcomes.put(stage.name(), List.of());
        continue;
      }
      List<TrialTask> tasks = tasks(stage, bases);
      tasks.forEach(t -> planned.put(t.trialId(), t));
      List<TrialTask> todo = notYetInTable(tasks);
      reused += tasks.size() - todo.size();
      trained += todo.size();
      out.printf("[%s] %s stage: %d trials, %d already in the table, %d to train%n",
          stage.name(), stage.type().name().toLowerCase(java.util.Locale.ROOT), tasks.size(),
          tasks.size() - todo.size(), todo.size());
      long stageStart = System.nanoTime();
      if (!todo.isEmpty()) {
        if (broadcast == null) {
          broadcast = jsc.broadcast(split);
        }
        executorDataSeconds += runStage(stage, tasks.size(), todo, broadcast, jsc);
      }
      List<Outcome> result = read(tasks);
      outcomes.put(stage.name(), result);
      printStageEnd(stage, result, (System.nanoTime() - stageStart) / 1e9);
    }
    if (broadcast != null) {
      broadcast.destroy();
    }
    return new Summary(outcomes, trained, reused, (System.nanoTime() - start) / 1e9, dataSeconds,
        executorDataSeconds);
  }

  /** The stage's trials, with their ids and training seeds. */
  private List<TrialTask> tasks(Stage stage, List<TrialConfig> bases) {
    List<TrialTask> tasks = new ArrayList<>();
    for (TrialConfig c : stage.plan(bases, plan.seed())) {
      String id = TrialIds.id(c, plan.data());
      tasks.add(new TrialTask(plan.name(), stage.name(), id,
          c.withSeed(TrialIds.trainingSeed(plan.seed(), id)), c.seed(), plan.data(), false));
    }
    return tasks;
  }

  /** The trials the table has no row for, or only a failed one (which they will replace). */
  private List<TrialTask> notYetInTable(List<TrialTask> tasks) {
    Map<String, String> existing = table.statusById(spark, plan.name());
    List<TrialTask> todo = new ArrayList<>();
    for (TrialTask t : tasks) {
      String status = existing.get(t.trialId());
      if (status == null || status.equals("failed")) {
        todo.add(new TrialTask(t.sweep(), t.stage(), t.trialId(), t.config(),
            t.replicateSeed(), t.data(), status != null));
      }
    }
    return todo;
  }

  /** Runs a stage's trials; returns the seconds they spent getting the data, summed. */
  private double runStage(Stage stage, int total, List<TrialTask> todo,
      Broadcast<CifarSplit> broadcast, JavaSparkContext jsc) {
    double dataSeconds = 0;
    Map<String, String> shown = todo.stream().collect(Collectors.toMap(TrialTask::trialId,
        t -> describe(stage, t), (a, b) -> a));
    List<TrialTask> remaining = todo;
    for (int pass = 1; pass <= PASSES && !remaining.isEmpty(); pass++) {
      CollectionAccumulator<String> finished =
          spark.sparkContext().collectionAccumulator("bnsweep " + stage.name());
      ResultsTable results = table;
      Dataset<TrialTask> trials = spark.createDataset(
          jsc.parallelize(remaining, remaining.size()).rdd(),
          Encoders.javaSerialization(TrialTask.class));
      jsc.setJobDescription("bnsweep " + plan.name() + " stage " + stage.name() + " ("
          + remaining.size() + " trials)");
      RuntimeException failure = null;
      Progress progress = new Progress(stage.name(), total, total - remaining.size(), finished,
          id -> shown.getOrDefault(id, ""), out);
      try {
        trials.foreachPartition((ForeachPartitionFunction<TrialTask>) it ->
            TrialExecutor.runAll(it, broadcast, results, finished));
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        progress.close();
      }
      for (String encoded : finished.value()) {
        dataSeconds += TrialExecutor.Summary.decode(encoded).dataSeconds();
      }
      if (failure == null) {
        return dataSeconds;
      }
      Map<String, String> status = table.statusById(spark, plan.name());
      remaining = remaining.stream().filter(t -> !status.containsKey(t.trialId())).toList();
      out.printf("[%s] the Spark job failed (%s); %d trials left%s%n", stage.name(),
          oneLine(failure), remaining.size(), pass < PASSES ? ", running them again" : "");
      if (pass == PASSES) {
        for (TrialTask t : remaining) {
          table.write(plan.name(), DriverRows.failed(t, "the Spark job failed " + PASSES
              + " times: " + oneLine(failure)), t.replacesFailed());
        }
      }
    }
    return dataSeconds;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private String describe(Stage stage, TrialTask t) {
    TrialConfig c = t.config().withSeed(t.replicateSeed());
    return stage.shownParameters().stream().map(p -> p.show(c))
        .collect(Collectors.joining(" "));
  }

  private List<Outcome> read(List<TrialTask> tasks) {
    List<String> ids = tasks.stream().map(TrialTask::trialId).toList();
    Dataset<Row> rows = table.readSweep(spark, plan.name());
    if (rows == null) {
      return List.of();
    }
    List<Outcome> result = new ArrayList<>();
    for (Row r : rows.where(col("trial_id").isin(ids.toArray()))
        .select("trial_id", "status", "val_accuracy", "test_accuracy", "seconds",
            "training_seconds").collectAsList()) {
      result.add(new Outcome(r.getString(0), r.getString(1), (Double) r.get(2),
          (Double) r.get(3), r.getDouble(4), r.getDouble(5)));
    }
    result.sort(Comparator.comparing(o -> ids.indexOf(o.trialId())));
    return result;
  }

  /** The configs (with their replicate seeds) of the best {@code top} ok trials. */
  private static List<TrialConfig> best(List<Outcome> outcomes, int top,
      Map<String, TrialTask> planned) {
    return outcomes.stream()
        .filter(o -> o.status().equals("ok") && o.valAccuracy() != null)
        .sorted(Comparator.comparing(Outcome::valAccuracy).reversed()
            .thenComparing(Outcome::trialId))
        .limit(top)
        .map(o -> planned.get(o.trialId()))
        .map(t -> t.config().withSeed(t.replicateSeed()))
        .toList();
  }

  private void printStageEnd(Stage stage, List<Outcome> result, double seconds) {
    long ok = result.stream().filter(o -> o.status().equals("ok")).count();
    String best = result.stream()
        .filter(o -> o.status().equals("ok") && o.valAccuracy() != null)
        .max(Comparator.comparing(Outcome::valAccuracy))
        .map(o -> String.format(java.util.Locale.ROOT, "best val %.4f, test %.4f (trial %s)",
            o.valAccuracy(), o.testAccuracy(), o.trialId()))
        .orElse("no ok trial");
    out.printf("[%s] done in %s: %d trials, %d ok; %s%n", stage.name(),
        Progress.duration(seconds), result.size(), ok, best);
    out.flush();
  }
}
