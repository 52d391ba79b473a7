package org.bnsweep.sweep;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.CheckpointStore;
import org.bnsweep.results.DecisionLog;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.results.TrialSummary;
import org.bnsweep.train.Checkpoint;

/**
 * An asynchronous stage on Spark: its facts are the results table, the checkpoints and the
 * {@link DecisionLog}; each segment is one small Spark job of one task, submitted from one of
 * the driver's segment threads, so as many run at once as there are slots and none waits for
 * another (Spark runs jobs of several threads side by side).
 */
final class SparkStage implements StageFacts, AsyncHalving.Segments {
  private final SparkContext spark;
  private final JavaSparkContext jsc;
  private final ResultsTable table;
  private final DecisionLog log;
  private final String sweep;
  private final String stage;
  private final TrialData data;
  private final TrialListener listener;
  /** Rows of the sweep's trials, read once when the stage starts. */
  private Map<String, TrialSummary> rows;

  SparkStage(SparkContext spark, ResultsTable table, DecisionLog log, String sweep,
      String stage, TrialData data, TrialListener listener) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark);
    this.table = table;
    this.log = log;
    this.sweep = sweep;
    this.stage = stage;
    this.data = data;
    this.listener = listener;
  }

  @Override
  public List<Decision> decisions() {
    List<Decision> out = new ArrayList<>();
    for (byte[] b : log.read(sweep, stage)) {
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
        out.add((Decision) in.readObject());
      } catch (IOException | ClassNotFoundException | ClassCastException e) {
        throw new IllegalStateException("a decision of stage " + stage + " under _search/"
            + sweep + " cannot be read (" + e + "); delete the stage's folder there to start"
            + " the stage again", e);
      }
    }
    return out;
  }

  @Override
  public void record(Decision decision) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(decision);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    log.write(sweep, stage, decision.order(), bytes.toByteArray());
  }

  @Override
  public Optional<Segment> reached(TrialTask task) {
    TrialSummary r = rows().get(task.trialId());
    if (r != null) {
      if (r.rung() != null && task.rung() > r.rung()) {
        return Optional.empty();
      }
      return Optional.of(new Segment(r.status(), atRungEnd(task, r.updates(), r.valCurve()),
          r.seconds() == null ? 0 : r.seconds(), true, 0));
    }
    CheckpointStore checkpoints = table.checkpoints();
    String where = checkpoints.describe(sweep, task.trialId(), task.untilCycle());
    return checkpoints.read(sweep, task.trialId(), task.untilCycle())
        .map(b -> Checkpoint.fromBytes(b, where))
        .map(c -> new Segment(TrialStatus.STOPPED, c.valAccuracy(), c.seconds(), false, 0));
  }

  private static double atRungEnd(TrialTask t, List<Long> updates, List<Double> val) {
    long end = 2L * t.config().get(Hyperparameters.STEP_SIZE) * t.untilCycle();
    for (int i = 0; i < updates.size(); i++) {
      if (updates.get(i) != null && updates.get(i) == end) {
        return val.get(i) == null ? Double.NaN : val.get(i);
      }
    }
    return Double.NaN;
  }

  private Map<String, TrialSummary> rows() {
    if (rows == null) {
      rows = new HashMap<>();
      for (TrialSummary r : table.summaries(sweep)) {
        if (stage.equals(r.stage())) {
          rows.put(r.trialId(), r);
        }
      }
    }
    return rows;
  }

  @Override
  public void stop(TrialTask task) {
    HalvingRungs.stop(table, sweep, List.of(task));
  }

  @Override
  public Segment run(TrialTask task) {
    CollectionAccumulator<TrialExecutor.Summary> finished =
        spark.collectionAccumulator("bnsweep " + stage + " " + task.trialId());
    ResultsTable results = table;
    TrialData split = data;
    TrialListener hears = listener;
    jsc.setJobDescription("bnsweep " + sweep + " stage " + stage + ": trial " + task.trialId()
        + " to rung " + (task.rung() + 1));
    jsc.setInterruptOnCancel(true);
    // A plain RDD, not a DataFrame: see SweepRunner.runStage.
    JavaRDD<Row> one = jsc.parallelize(List.of(TaskRows.row(task)), 1);
    try {
      one.foreachPartition(it -> TrialExecutor.runAll(it, split, results, finished, hears));
    } catch (Exception e) {
      // Exception, not RuntimeException: a failed job is a SparkException, which Scala throws
      // though it is checked. Spark retried the task first (spark.task.maxFailures).
      String why = e.getMessage() == null ? e.toString() : e.getMessage().split("\n", 2)[0];
      table.write(sweep, DriverRows.failed(task, "the Spark job failed: " + why), false);
      return new Segment(TrialStatus.FAILED, Double.NaN, 0, true, 0);
    }
    TrialExecutor.Summary s = finished.value().get(0);
    if (s.writeError() != null) {
      throw new IllegalStateException("cannot write results to " + table.path() + " ("
          + s.writeError() + "); free space and run the sweep again");
    }
    return new Segment(s.status(), s.valAccuracy(), s.seconds(),
        s.status() != TrialStatus.STOPPED, s.trainedUpdates());
  }
}
