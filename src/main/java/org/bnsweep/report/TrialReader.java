package org.bnsweep.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.HadoopConf;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.results.StageType;
import org.bnsweep.results.TrialColumns;

/**
 * The Parquet results table, read with Spark SQL into {@link Trial} records for one sweep.
 *
 * <p>The rows are those of {@link ResultsTable#readAll}, the reader {@code query} uses too, so
 * that the two never disagree on which trials exist. It reads with the table's schema instead of
 * inferring one: a sweep directory such as {@code sweep=2024} would otherwise be inferred as an
 * integer partition, and columns a future table adds or drops do not break the report.
 */
public final class TrialReader {
  private static final Comparator<Row> STARTED_FIRST = Comparator
      .comparing((Row r) -> r.<Timestamp>getAs("started_at"),
          Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(r -> r.<String>getAs("stage"), Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(r -> r.<String>getAs("trial_id"),
          Comparator.nullsLast(Comparator.naturalOrder()));

  private final String path;
  private final Dataset<Row> table;
  private List<String> sweeps;

  private TrialReader(String path, Dataset<Row> table) {
    this.path = path;
    this.table = table;
  }

  /** Opens the table at {@code path} (any Hadoop file system), failing in one line if absent. */
  public static TrialReader open(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("results table " + path + " does not exist; run a"
            + " sweep first or pass --results with the table's path");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot open results table " + path + " ("
          + e.getMessage() + "); check --results");
    }
    // The rows every reader of the table sees (query's too): well-named trial files, each
    // read through, an unreadable one left out with a notice and left in place.
    return new TrialReader(path, new ResultsTable(path,
        HadoopConf.of(spark.sparkContext().hadoopConfiguration())).readOnly().readAll(spark));
  }

  /**
   * The sweeps in the table, sorted by name: read once (a Spark job over every row's sweep
   * column; the report asks twice, to choose its sweep and to compare).
   */
  public List<String> sweeps() {
    if (sweeps == null) {
      sweeps = collect(table.select("sweep").where(col("sweep").isNotNull()).distinct()
          .orderBy("sweep")).stream().map(r -> r.getString(0)).toList();
    }
    return sweeps;
  }

  /**
   * The sweep to report: {@code requested} when the table holds it, else the only sweep when
   * none was requested.
   */
  public String chooseSweep(String requested) {
    List<String> sweeps = sweeps();
    if (sweeps.isEmpty()) {
      throw new IllegalArgumentException("results table " + path + " holds no trials (no"
          + " sweep=NAME partitions with Parquet files); run a sweep first or check --results");
    }
    if (requested == null) {
      if (sweeps.size() > 1) {
        throw new IllegalArgumentException("results table " + path + " holds " + sweeps.size()
            + " sweeps (" + String.join(", ", sweeps) + "); choose one with --sweep NAME");
      }
      return sweeps.get(0);
    }
    if (!sweeps.contains(requested)) {
      throw new IllegalArgumentException("no sweep '" + requested + "' in results table " + path
          + "; its sweeps are: " + String.join(", ", sweeps) + " (pass one of them to --sweep)");
    }
    return requested;
  }

  /** The trials of one sweep, in the order they started. */
  public List<Trial> trials(String sweep) {
    // Sorted here rather than by Spark: a few thousand rows do not repay a range shuffle. One
    // row per trial: the table has one file per trial id.
    return collect(table.where(col("sweep").equalTo(sweep))).stream()
        .sorted(STARTED_FIRST)
        .map(TrialReader::trial).toList();
  }

  private List<Row> collect(Dataset<Row> rows) {
    try {
      return rows.collectAsList();
    } catch (RuntimeException e) {
      // Spark's AnalysisException and read errors arrive here with long multi-line messages.
      String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IllegalArgumentException("cannot read results table " + path + " as Parquet ("
          + first + "); check --results");
    }
  }

  static Trial trial(Row r) {
    Map<HyperColumn, Object> params = new LinkedHashMap<>();
    for (HyperColumn c : HyperColumn.values()) {
      params.put(c, c.read(r));
    }
    @SuppressWarnings("unchecked")
    List<Integer> hidden = params.get(HyperColumn.HIDDEN) == null ? List.of()
        : (List<Integer>) params.get(HyperColumn.HIDDEN);
    Integer depth = r.getAs("depth");
    Integer trainingSize = r.getAs("training_size");
    Long updates = r.getAs("updates");
    return new Trial(string(r, "stage"), string(r, "trial_id"),
        TrialStatus.ofLabel(string(r, "status")),
        r.getAs("error"), hidden, depth == null ? hidden.size() + 1 : depth,
        Boolean.TRUE.equals(params.get(HyperColumn.BATCH_NORM)), r.getAs("init"),
        HyperColumn.SIGMA.number(params.get(HyperColumn.SIGMA)),
        HyperColumn.LAMBDA.number(params.get(HyperColumn.LAMBDA)),
        trainingSize == null ? 0 : trainingSize, dbl(r, "val_accuracy"),
        dbl(r, "test_accuracy"), dbl(r, "seconds"), r.getAs("executor"), curve(r), params,
        updates == null ? Double.NaN : updates, Optional.ofNullable((String) r.getAs("stage_type")).map(StageType::of),
        provenance(r), retrain(r), instant(r, "started_at"), instant(r, "ended_at"));
  }

  /**
   * The settings and seed of the row, when it has every hyperparameter and its seed (rows of
   * tables written before the seeds were recorded have not) and trained on the order of
   * mini-batches its seed draws (not in a pack, as older versions could: order_seed differs).
   */
  static Optional<Retrain> retrain(Row r) {
    List<String> settings = new ArrayList<>();
    for (TrialColumns.SettingColumn c : TrialColumns.SETTINGS) {
      int i = r.fieldIndex(c.column());
      if (r.isNullAt(i) && c.addedLater()) {
        continue; // the row predates the setting: it trained with the default, as the command will
      }
      if (r.isNullAt(i)) {
        return Optional.empty();
      }
      String value = c.widths()
          ? r.<Integer>getList(i).stream().map(String::valueOf)
              .collect(java.util.stream.Collectors.joining(",", "[", "]"))
          : String.valueOf(r.get(i));
      settings.add(c.path() + "=" + value);
    }
    Long training = r.getAs("training_seed");
    Long order = r.getAs("order_seed");
    if (training == null || order == null || !order.equals(training)) {
      return Optional.empty();
    }
    return Optional.of(new Retrain(settings, training));
  }

  /** The provenance columns that the row has values for. */
  private static Map<String, String> provenance(Row r) {
    Map<String, String> p = new LinkedHashMap<>();
    for (TrialColumns.Column c : TrialColumns.PROVENANCE) {
      String v = r.getAs(c.name());
      if (v != null) {
        p.put(c.name(), v);
      }
    }
    return p;
  }

  private static List<Epoch> curve(Row r) {
    int i = r.fieldIndex("curve");
    if (r.isNullAt(i)) {
      return List.of();
    }
    List<Epoch> curve = new ArrayList<>();
    for (Row e : r.<Row>getList(i)) {
      Integer epoch = e.getAs("epoch");
      curve.add(new Epoch(epoch == null ? curve.size() + 1 : epoch, dbl(e, "train_loss"),
          dbl(e, "val_loss"), dbl(e, "train_accuracy"), dbl(e, "val_accuracy")));
    }
    return curve;
  }

  private static Optional<Instant> instant(Row r, String name) {
    Timestamp t = r.getAs(name);
    return Optional.ofNullable(t).map(Timestamp::toInstant);
  }

  private static String string(Row r, String name) {
    String s = r.getAs(name);
    return s == null ? "" : s;
  }

  private static double dbl(Row r, String name) {
    Double d = r.getAs(name);
    return d == null ? Double.NaN : d;
  }
}
