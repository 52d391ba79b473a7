package org.bnsweep.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.bnsweep.data.CifarSplit;
import org.bnsweep.nn.BlasLibrary;
import org.bnsweep.nn.FirstLayerSteps;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.CheckpointStore;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.results.TrialSummary;

/**
 * The driver of a sweep. For each stage in turn it plans the trials (for a refinement, from the
 * results of the stage it refines), leaves out those the table already holds, runs the rest as
 * one Spark job over an RDD of trial configs with one trial per partition, and reads the
 * stage's results back from the table.
 */
public final class SweepRunner {
  /** Spark jobs a stage gets before its missing trials are recorded as failed. */
  static final int PASSES = 3;

  private final SparkContext spark;
  private final SweepPlan plan;
  private final ResultsTable table;
  private final PrintStream out;
  private final TrialListener listener;
  private final double runningLineSeconds;
  /** Trials trained in this run whose rows could not be written, and the last reason why. */
  private int unsaved;
  private String unsavedReason;
  private DataRead dataRead;

  public SweepRunner(SparkContext spark, SweepPlan plan, PrintStream out) {
    this(spark, plan, out, TrialListener.NONE);
  }

  /** A driver whose trials are heard by {@code listener} on their executors (a test's faults). */
  public SweepRunner(SparkContext spark, SweepPlan plan, PrintStream out,
      TrialListener listener) {
    this(spark, plan, out, listener, Progress.RUNNING_LINE_SECONDS);
  }

  /**
   * This driver's data, read beforehand (see {@link DataRead}); without it, {@link #run} reads
   * the data itself.
   */
  public SweepRunner withData(DataRead read) {
    this.dataRead = read;
    return this;
  }

  /** A driver whose console shows the running trials every {@code runningLineSeconds}. */
  SweepRunner(SparkContext spark, SweepPlan plan, PrintStream out, TrialListener listener,
      double runningLineSeconds) {
    this.spark = spark;
    this.listener = listener;
    this.runningLineSeconds = runningLineSeconds;
    // Executors run in the workers' folders: a relative path must be made absolute here, on
    // the driver, before anything is planned or shipped.
    this.plan = plan.withResults(qualified(plan.results(),
        spark.hadoopConfiguration()));
    this.table = new ResultsTable(this.plan.results(),
        HadoopConf.of(spark.hadoopConfiguration())).withNotices(out::println);
    this.out = out;
  }

  /**
   * The results path with its file system and, if relative, the driver's working directory:
   * {@code results/trials} becomes {@code file:/home/me/bnsweep/results/trials}.
   */
  static String qualified(String results, org.apache.hadoop.conf.Configuration conf) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(results);
    try {
      return path.getFileSystem(conf).makeQualified(path).toString();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("results path " + results + " cannot be resolved ("
          + e.getMessage() + "); pass --results with a path of a reachable file system", e);
    }
  }

  /**
   * A finished trial as the driver sees it.
   *
   * @param error why it failed or diverged; null for others
   */
  public record Outcome(String trialId, TrialStatus status, Double valAccuracy,
      Double testAccuracy, double seconds, double trainingSeconds, String error) {}

  /**
   * What each stage produced, in stage order, and where the time went.
   *
   * @param seconds wall time of the whole sweep
   * @param dataSeconds of which the driver spent reading, checking and splitting the data
   * @param executorDataSeconds time trials spent getting the data on executors, summed
   * @param updatesTrained updates trained by this run (not those continued from checkpoints)
   */
  public record Summary(Map<String, List<Outcome>> stages, int trained, int reused,
      double seconds, double dataSeconds, double executorDataSeconds, long updatesTrained) {}

  /** What a Spark job of trials cost: their time getting the data, the updates they trained. */
  private record Work(double dataSeconds, long updates) {
    static final Work NONE = new Work(0, 0);

    Work plus(Work w) {
      return new Work(dataSeconds + w.dataSeconds, updates + w.updates);
    }
  }

  public Summary run() {
    long start = System.nanoTime();
    checkMemory();
    table.checkWritable(plan.name());
    table.removeAbandonedTemporaryFiles(plan.name(), ResultsTable.TEMPORARY_FILE_LIFETIME);
    DataRead loaded = dataRead != null ? dataRead : DataRead.start(plan);
    CifarSplit split = loaded.split();
    double dataSeconds = loaded.seconds();
    Work work = Work.NONE;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark);
    // Shipped only if some trial is left to train: a resumed, finished sweep sends nothing.
    TrialData data = null;

    Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
    Map<String, TrialTask> planned = new LinkedHashMap<>();
    int trained = 0;
    int reused = 0;
    // A bad -Dbnsweep.vector-step stops the sweep here, with its one line, not every trial.
    FirstLayerSteps.describe();
    out.printf("sweep %s: %d stages, results in %s, master %s, BLAS %s; data: %d + %d + %d"
            + " images read and checked in %.1f s%n", plan.name(), plan.stages().size(),
        plan.results(), spark.master(), BlasLibrary.loaded().summary(),
        split.training().count(), split.validation().count(), split.test().count(),
        dataSeconds);
    BlasLibrary.loaded().slowerThanItShouldBe().ifPresent(out::println);
    for (Stage stage : plan.stages()) {
      java.util.Optional<Sampler.Refinement> refines = stage.sampler().refines();
      List<Stage.Base> bases = refines.isEmpty() ? List.of(plan.base())
          : best(outcomes.get(refines.get().of()), refines.get().top(), planned);
      if (bases.isEmpty()) {
        out.printf("[%s] skipped: stage %s has no ok trials to refine%n", stage.name(),
            refines.get().of());
        outcomes.put(stage.name(), List.of());
        continue;
      }
      if (stage.scheduler() instanceof Scheduler.Asha) {
        long stageStart = System.nanoTime();
        if (data == null) {
          data = TrialData.ship(split, spark);
        }
        List<TrialTask> tasks = new ArrayList<>();
        AsyncHalving.Result result = runAsynchronous(stage, bases, data, tasks);
        tasks.forEach(t -> planned.put(t.trialId(), t));
        trained += result.trained();
        work = work.plus(new Work(0, result.updates()));
        List<Outcome> read = read(tasks);
        outcomes.put(stage.name(), read);
        printStageEnd(stage, read, (System.nanoTime() - stageStart) / 1e9);
        continue;
      }
      List<TrialTask> tasks = tasks(stage, bases);
      tasks.forEach(t -> planned.put(t.trialId(), t));
      List<TrialTask> todo = notDone(tasks);
      reused += tasks.size() - todo.size();
      trained += todo.size();
      out.printf("[%s] %s stage: %d trials, %d already in the table, %d to train%n",
          stage.name(), stage.label(), tasks.size(),
          tasks.size() - todo.size(), todo.size());
      long stageStart = System.nanoTime();
      if (data == null && !todo.isEmpty()) {
        data = TrialData.ship(split, spark);
      }
      if (stage.scheduler() instanceof Scheduler.Halving h) {
        work = work.plus(runHalving(stage, h, tasks, data, jsc));
      } else if (!todo.isEmpty()) {
        work = work.plus(runStage(stage.name(), stage, tasks.size(), todo, data, jsc));
      }
      List<Outcome> result = read(tasks);
      outcomes.put(stage.name(), result);
      printStageEnd(stage, result, (System.nanoTime() - stageStart) / 1e9);
      if (unsaved > 0) {
        throw new IllegalStateException("cannot write results to " + plan.results() + " ("
            + unsavedReason + "); " + unsaved + (unsaved == 1 ? " trial" : " trials")
            + " trained in this run could not be saved; free space and run the sweep again");
      }
    }
    if (data != null) {
      data.release();
    }
    return new Summary(outcomes, trained, reused, (System.nanoTime() - start) / 1e9, dataSeconds,
        work.dataSeconds(), work.updates());
  }

  /**
   * Removes {@code broadcast} from the executors and the driver and returns once they have all
   * replied. The public {@code destroy()} only sends the removals: the caller's session stop
   * then ends the executors before they reply, and Spark prints "Still have 1 requests
   * outstanding when connection ... is closed" and a RejectedExecutionException trace (its
   * block manager's callbacks run on a stopped thread pool). The trace goes to System.err, past
   * the log configuration. {@code destroy(boolean)} is {@code private[spark]} in Scala, public in
   * the bytecode.
   */
  static void destroy(Broadcast<?> broadcast) {
    broadcast.destroy(true);
  }

  /**
   * Checks the plan's trials against an executor's memory: in local mode this JVM's heap, with
   * as many trials at once as local threads; on a cluster spark.executor.memory (Spark's
   * default if unset), with spark.executor.cores trials at once (1 if unset).
   */
  private void checkMemory() {
    org.apache.spark.SparkConf conf = spark.getConf();
    if (spark.isLocal()) {
      plan.checkMemory(Runtime.getRuntime().maxMemory(),
          spark.defaultParallelism(), "this JVM's heap (local mode)",
          "BNSWEEP_HEAP");
    } else {
      plan.checkMemory(conf.getSizeAsBytes("spark.executor.memory", "1g"),
          conf.getInt("spark.executor.cores", 1), "spark.executor.memory",
          "--executor-memory of spark-submit");
    }
  }

  /** The stage's trials, with their ids and seeds; one task per id. */
  private List<TrialTask> tasks(Stage stage, List<Stage.Base> bases) {
    Map<String, TrialTask> tasks = new LinkedHashMap<>();
    for (TrialConfig c : stage.plan(bases, plan.seed())) {
      String id = TrialIds.id(c, plan.seed());
      tasks.putIfAbsent(id, TrialTask.whole(plan.name(), stage, id, c,
          TrialIds.trainingSeed(plan.seed(), id)));
    }
    return List.copyOf(tasks.values());
  }

  /**
   * The tasks still to run: those whose trial the table has no row for, or only a failed one
   * (which they will replace), and that are not a halving rung the trial's checkpoint already
   * reached.
   */
  private List<TrialTask> notDone(List<TrialTask> tasks) {
    Map<String, TrialStatus> existing = table.statusById(plan.name());
    CheckpointStore checkpoints = table.checkpoints();
    List<TrialTask> todo = new ArrayList<>();
    for (TrialTask t : tasks) {
      TrialStatus status = existing.get(t.trialId());
      boolean failed = status == TrialStatus.FAILED;
      boolean rungReached = !t.last()
          && checkpoints.has(plan.name(), t.trialId(), t.untilCycle());
      if ((status == null || failed) && !rungReached) {
        todo.add(t.replacingFailed(failed));
      }
    }
    return todo;
  }

  /**
   * Runs a halving stage, one trial per Spark task: each rung is one Spark job over the trials
   * still in, each continuing from its checkpoint of the rung before; then the best
   * ceil(keep x n) by validation accuracy at the rung's end (ties to the smaller trial id) go
   * on, and the others get a stopped row.
   * Every decision is read back from the table and the checkpoints, so it is the same at any
   * parallelism, after retries and after a restart of the driver.
   */
  private Work runHalving(Stage stage, Scheduler.Halving h, List<TrialTask> candidates,
      TrialData data, JavaSparkContext jsc) {
    Work work = Work.NONE;
    List<TrialTask> alive = candidates;
    for (int r = 0; r < h.rungs().size() && !alive.isEmpty(); r++) {
      int index = r;
      int cycles = h.rungs().get(r);
      List<TrialTask> rung = alive.stream().map(t -> t.atRung(index, cycles)).toList();
      List<TrialTask> todo = notDone(rung);
      String label = stage.name() + " rung " + (r + 1);
      out.printf("[%s] %d trials to %d cycles, %d to train%n", label, rung.size(), cycles,
          todo.size());
      if (!todo.isEmpty()) {
        work = work.plus(runStage(label, stage, rung.size(), todo, data, jsc));
      }
      if (r == h.rungs().size() - 1 || unsaved > 0) {
        break;
      }
      Map<String, Double> score = HalvingRungs.scores(table, plan.name(), rung);
      List<TrialTask> ranked = rung.stream().filter(t -> score.containsKey(t.trialId()))
          .sorted(Comparator.comparing((TrialTask t) -> score.get(t.trialId())).reversed()
              .thenComparing(TrialTask::trialId))
          .toList();
      int keep = Math.min(h.survivors(rung.size()), ranked.size());
      HalvingRungs.stop(table, plan.name(), ranked.subList(keep, ranked.size()));
      alive = ranked.subList(0, keep);
      out.printf("[%s] %d of %d go on%s%n", label, keep, rung.size(), keep == 0 ? ""
          : String.format(java.util.Locale.ROOT, " (best val %.4f)",
              score.get(ranked.get(0).trialId())));
    }
    return work;
  }

  /**
   * Runs an asynchronous stage (see {@link AsyncHalving}) with one segment per free core: as
   * many at once as Spark's default parallelism. {@code tasks} receives every trial the stage
   * proposed.
   */
  private AsyncHalving.Result runAsynchronous(Stage stage, List<Stage.Base> bases,
      TrialData data, List<TrialTask> tasks) {
    SparkStage spark = new SparkStage(this.spark, table, new org.bnsweep.results.DecisionLog(
        plan.results(), HadoopConf.of(this.spark.hadoopConfiguration())),
        plan.name(), stage.name(), data, listener);
    int slots = this.spark.defaultParallelism();
    out.printf("[%s] %s stage: %s; %s; %d at once%n", stage.name(), stage.label(),
        stage.sampler().explain(), stage.scheduler().explain(), slots);
    Map<String, TrialTask> byId = new LinkedHashMap<>();
    java.util.function.Function<TrialConfig, TrialTask> taskOf = c -> {
      String id = TrialIds.id(c, plan.seed());
      long seed = TrialIds.trainingSeed(plan.seed(), id);
      return byId.computeIfAbsent(id, k -> TrialTask.whole(plan.name(), stage, id, c, seed));
    };
    try {
      AsyncHalving.Result result = new AsyncHalving(stage, bases, plan.seed(), spark, spark,
          slots, taskOf, out).run();
      result.trialIds().forEach(id -> tasks.add(byId.get(id)));
      return result;
    } finally {
      table.heartbeats().clear(plan.name());
    }
  }

  /**
   * Runs the trials of {@code todo} as one Spark job, one trial per task, again for those a
   * failed job left without a result.
   */
  private Work runStage(String label, Stage stage, int total, List<TrialTask> todo,
      TrialData data, JavaSparkContext jsc) {
    Work work = Work.NONE;
    Map<String, String> shown = todo.stream().collect(Collectors.toMap(TrialTask::trialId,
        t -> describe(stage, t), (a, b) -> a));
    List<TrialTask> remaining = todo;
    for (int pass = 1; pass <= PASSES && !remaining.isEmpty(); pass++) {
      CollectionAccumulator<TrialExecutor.Summary> finished =
          spark.collectionAccumulator("bnsweep " + label);
      ResultsTable results = table;
      TrialListener hears = listener;
      List<Row> rows = remaining.stream().map(TaskRows::row).toList();
      // A plain RDD, not a DataFrame: Spark SQL's first use costs about 3 s (docs/performance.md)
      JavaRDD<Row> trials = jsc.parallelize(rows, rows.size());
      // When the job fails, Spark cancels its other tasks: interrupting their threads makes
      // their trials stop within one batch (TrainingLoop checks) instead of training on.
      jsc.setInterruptOnCancel(true);
      jsc.setJobDescription("bnsweep " + plan.name() + " stage " + label + " ("
          + remaining.size() + " trials)");
      Exception failure = null;
      Progress progress = new Progress(label, total, total - remaining.size(), finished,
          id -> shown.getOrDefault(id, ""), () -> table.heartbeats().read(plan.name()),
          runningLineSeconds, out);
      try {
        trials.foreachPartition(it -> TrialExecutor.runAll(it, data, results, finished, hears));
      } catch (Exception e) {
        // Exception, not RuntimeException: a failed job is a SparkException, which Scala throws
        // though it is checked, so the compiler does not ask for it here.
        failure = e;
      } finally {
        progress.close();
        table.heartbeats().clear(plan.name());
      }
      for (TrialExecutor.Summary s : finished.value()) {
        work = work.plus(new Work(s.dataSeconds(), s.trainedUpdates()));
        if (s.writeError() != null) {
          unsaved++;
          unsavedReason = s.writeError();
        }
      }
      if (failure == null) {
        return work;
      }
      remaining = notDone(remaining);
      out.printf("[%s] the Spark job failed (%s); %d trials left%s%n", label,
          oneLine(failure), remaining.size(), pass < PASSES ? ", running them again" : "");
      if (pass == PASSES) {
        for (TrialTask t : remaining) {
          table.write(plan.name(), DriverRows.failed(t, "the Spark job failed " + PASSES
              + " times: " + oneLine(failure)), t.replacesFailed());
        }
      }
    }
    return work;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String describe(Stage stage, TrialTask t) {
    return stage.shownParameters().stream().map(p -> p.name() + "=" + t.config().show(p))
        .collect(Collectors.joining(" "));
  }

  private List<Outcome> read(List<TrialTask> tasks) {
    List<String> ids = tasks.stream().map(TrialTask::trialId).toList();
    List<Outcome> result = new ArrayList<>();
    Set<String> wanted = new HashSet<>(ids);
    for (TrialSummary r : table.summaries(plan.name())) {
      if (!wanted.contains(r.trialId())) {
        continue;
      }
      result.add(new Outcome(r.trialId(), r.status(), r.valAccuracy(), r.testAccuracy(),
          orZero(r.seconds()), orZero(r.trainingSeconds()), r.error()));
    }
    // By a map: ids.indexOf in the comparator made this quadratic (10 s at 10,000 trials).
    Map<String, Integer> order = new java.util.HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      order.putIfAbsent(ids.get(i), i);
    }
    result.sort(Comparator.comparing(o -> order.get(o.trialId())));
    return result;
  }

  private static double orZero(Double seconds) {
    return seconds == null ? 0 : seconds;
  }

  /** The best {@code top} ok trials, to refine around. */
  private static List<Stage.Base> best(List<Outcome> outcomes, int top,
      Map<String, TrialTask> planned) {
    return outcomes.stream()
        .filter(o -> o.status() == TrialStatus.OK && o.valAccuracy() != null)
        .sorted(Comparator.comparing(Outcome::valAccuracy).reversed()
            .thenComparing(Outcome::trialId))
        .limit(top)
        .map(o -> planned.get(o.trialId()))
        .map(t -> Stage.Base.of(t.config(), "trial " + t.trialId() + " of stage " + t.stage()))
        .toList();
  }

  private void printStageEnd(Stage stage, List<Outcome> result, double seconds) {
    long ok = result.stream().filter(o -> o.status() == TrialStatus.OK).count();
    String best = result.stream()
        .filter(o -> o.status() == TrialStatus.OK && o.valAccuracy() != null)
        .max(Comparator.comparing(Outcome::valAccuracy))
        .map(o -> String.format(java.util.Locale.ROOT, "best val %.4f, test %.4f (trial %s)",
            o.valAccuracy(), o.testAccuracy(), o.trialId()))
        .orElse("no ok trial");
    out.printf("[%s] done in %s: %d trials, %d ok; %s%n", stage.name(),
        Progress.duration(seconds), result.size(), ok, best);
    out.flush();
  }
}
