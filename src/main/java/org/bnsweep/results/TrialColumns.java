package org.bnsweep.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.bnsweep.nn.Initialisation;
import org.bnsweep.params.ColumnType;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.train.EpochRecord;
import org.bnsweep.train.TrialResult;

/**
 * The columns of the results table, each declared once: its name, its type and how a trial's
 * row fills it. The hyperparameter columns come from {@link Hyperparameters}; the Parquet
 * schema, the Spark schema, the writer, JSON output and the readers are derived from this list.
 * Every column is nullable: metrics never reached are null rather than NaN (so ORDER BY puts
 * them last), and rows of older tables read with nulls for columns added since.
 */
public final class TrialColumns {
  private TrialColumns() {}

  /** A column of a trial's row. */
  public record Column(String name, ColumnType type, Function<TrialRow, Object> value) {}

  /** A column filled from a trial's result alone: its metrics and timings. */
  public record ResultColumn(String name, ColumnType type, Function<TrialResult, Object> value) {}

  /** A field of one point of the per-epoch curve. */
  public record CurveField(String name, ColumnType type, Function<EpochRecord, Object> value) {}

  /**
   * A measure taken both at the end of every epoch and of the finished trial, under one name: a
   * field of each curve point and a metric of the trial.
   */
  private record Evaluation(String name, Function<TrialResult, Double> ofTrial,
      Function<EpochRecord, Double> atEpoch) {}

  private static final List<Evaluation> EVALUATIONS = List.of(
      new Evaluation("train_loss", TrialResult::trainLoss, EpochRecord::trainLoss),
      new Evaluation("train_cost", TrialResult::trainCost, EpochRecord::trainCost),
      new Evaluation("train_accuracy", TrialResult::trainAccuracy, EpochRecord::trainAccuracy),
      new Evaluation("val_loss", TrialResult::valLoss, EpochRecord::valLoss),
      new Evaluation("val_cost", TrialResult::valCost, EpochRecord::valCost),
      new Evaluation("val_accuracy", TrialResult::valAccuracy, EpochRecord::valAccuracy));

  /** The metrics of a finished trial, columns of the table and keys of {@code train --json}. */
  public static final List<ResultColumn> METRICS = Stream.concat(
      EVALUATIONS.stream().map(e -> metric(e.name(), e.ofTrial())),
      Stream.of(
          metric("test_accuracy", TrialResult::testAccuracy),
          new ResultColumn("updates", ColumnType.LONG, TrialResult::updates),
          new ResultColumn("epochs", ColumnType.INT, r -> r.curve().size()),
          new ResultColumn("curve", ColumnType.CURVE, TrialResult::curve),
          new ResultColumn("training_seconds", ColumnType.DOUBLE, TrialResult::trainingSeconds),
          new ResultColumn("seconds", ColumnType.DOUBLE, TrialResult::seconds)))
      .toList();

  /** One point of the curve, evaluated at the end of an epoch. */
  public static final List<CurveField> CURVE = Stream.of(
      Stream.of(
          new CurveField("epoch", ColumnType.INT, EpochRecord::epoch),
          new CurveField("updates", ColumnType.LONG, EpochRecord::updates),
          new CurveField("eta", ColumnType.DOUBLE, EpochRecord::eta)),
      EVALUATIONS.stream().map(e -> curveMetric(e.name(), e.atEpoch())),
      Stream.of(new CurveField("seconds", ColumnType.DOUBLE, EpochRecord::seconds)))
      .flatMap(fields -> fields)
      .toList();

  /**
   * A hyperparameter column as readers of the table see it: its column, the name sweep files
   * use for it, how its values are stored, and whether its axes are logarithmic. Init appears
   * as {@code sigma} (null for He): the same information, as a number.
   */
  public record ParameterColumn(String column, String label, ColumnType type, boolean logScale) {}

  /**
   * A hyperparameter's column with the settings path that sets it ({@code training.lambda}), for
   * readers that write a command training a row again (the report, which knows no {@code train}).
   *
   * @param widths the column holds a list of widths, written {@code [50,50]}
   */
  public record SettingColumn(String column, String path, boolean widths, boolean addedLater) {}

  /** Every hyperparameter's column and settings path, in declaration order. */
  public static final List<SettingColumn> SETTINGS = Hyperparameters.ALL.stream()
      .map(p -> new SettingColumn(p.column(), p.path(),
          p.type().column() == ColumnType.INT_LIST, p.addedLater()))
      .toList();

  /** The columns of the hyperparameters a stage may vary, in declaration order. */
  public static final List<ParameterColumn> PARAMETERS = Hyperparameters.ALL.stream()
      .filter(Hyperparameter::sweepable)
      .map(p -> p == Hyperparameters.INIT
          ? new ParameterColumn("sigma", Hyperparameters.SIGMA, ColumnType.DOUBLE, true)
          : new ParameterColumn(p.column(), p.name(), p.type().column(),
              p.scale() == Hyperparameter.Scale.LOG && p.type().numeric()))
      .toList();

  /** Where a trial's numbers came from: build, JVM, Spark, BLAS kernel, host. */
  public static final List<Column> PROVENANCE = List.of(
      new Column("blas", ColumnType.STRING, r -> r.provenance().blas()),
      new Column("bnsweep_version", ColumnType.STRING, r -> r.provenance().bnsweep()),
      new Column("java_version", ColumnType.STRING, r -> r.provenance().java()),
      new Column("spark_version", ColumnType.STRING, r -> r.provenance().spark()),
      new Column("host", ColumnType.STRING, r -> r.provenance().host()));

  /** Every column of a row, in order; {@code sweep} is the partition folder, not a column. */
  public static final List<Column> ALL = all();

  private static List<Column> all() {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("stage", ColumnType.STRING, TrialRow::stage));
    columns.add(new Column("stage_type", ColumnType.STRING, r -> r.stageType().label()));
    columns.add(new Column("trial_id", ColumnType.STRING, TrialRow::trialId));
    columns.add(new Column("status", ColumnType.STRING, r -> r.result().status().label()));
    columns.add(new Column("rung", ColumnType.INT, TrialRow::rung));
    columns.add(new Column("decision", ColumnType.INT, TrialRow::decision));
    columns.add(new Column("error", ColumnType.STRING, r -> r.result().error()));
    for (Hyperparameter<?> p : Hyperparameters.ALL) {
      columns.add(new Column(p.column(), p.type().column(),
          r -> columnValue(r.config(), p)));
    }
    columns.add(new Column("depth", ColumnType.INT,
        r -> r.config().get(Hyperparameters.HIDDEN).size() + 1));
    columns.add(new Column("sigma", ColumnType.DOUBLE,
        r -> r.config().get(Hyperparameters.INIT) instanceof Initialisation.Gaussian g
            ? g.sigma() : null));
    columns.add(new Column("training_seed", ColumnType.LONG, TrialRow::trainingSeed));
    // The training seed again: a trial trains on the order of mini-batches its seed draws. The
    // column stays for the tables of older versions, whose packed trials shared another order.
    columns.add(new Column("order_seed", ColumnType.LONG, TrialRow::trainingSeed));
    for (ResultColumn m : METRICS) {
      columns.add(new Column(m.name(), m.type(), r -> m.value().apply(r.result())));
    }
    columns.add(new Column("executor", ColumnType.STRING, TrialRow::executor));
    columns.add(new Column("attempt", ColumnType.INT, TrialRow::attempt));
    columns.add(new Column("started_at", ColumnType.TIMESTAMP, TrialRow::startedAt));
    columns.add(new Column("ended_at", ColumnType.TIMESTAMP, TrialRow::endedAt));
    columns.addAll(PROVENANCE);
    return List.copyOf(columns);
  }

  /**
   * The table's Spark schema, without the {@code sweep} partition column: what each file holds
   * ({@link TableSchema} adds the partition column for reading the table).
   */
  public static StructType sparkSchema() {
    List<StructField> fields = new ArrayList<>();
    for (Column c : ALL) {
      fields.add(DataTypes.createStructField(c.name(), TableSchema.sparkType(c.type()), true));
    }
    return DataTypes.createStructType(fields);
  }

  /** A trial config as ordered column values, for JSON. */
  public static Map<String, Object> config(TrialConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Hyperparameter<?> p : Hyperparameters.ALL) {
      m.put(p.column(), columnValue(c, p));
    }
    return m;
  }

  /** A curve point as ordered field values, for JSON. */
  public static Map<String, Object> point(EpochRecord e) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (CurveField f : CURVE) {
      m.put(f.name(), f.value().apply(e));
    }
    return m;
  }

  private static <T> Object columnValue(TrialConfig c, Hyperparameter<T> p) {
    return p.type().toColumn(c.get(p));
  }

  /** A trial's result as ordered column values, the curve as a list of points, for JSON. */
  public static Map<String, Object> result(TrialResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (ResultColumn c : METRICS) {
      m.put(c.name(), c.type() == ColumnType.CURVE
          ? r.curve().stream().map(TrialColumns::point).toList() : c.value().apply(r));
    }
    return m;
  }

  private static ResultColumn metric(String name, Function<TrialResult, Double> value) {
    return new ResultColumn(name, ColumnType.DOUBLE, r -> finiteOrNull(value.apply(r)));
  }

  private static CurveField curveMetric(String name, Function<EpochRecord, Double> value) {
    return new CurveField(name, ColumnType.DOUBLE, e -> finiteOrNull(value.apply(e)));
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
