package org.bnsweep.sweep;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.results.StageType;
import org.bnsweep.results.TrialColumns;

/**
 * A stage's trials as rows with one column per hyperparameter (the table's own column names and
 * types), one row per Spark task: a task carries plain values (strings, numbers, lists of
 * numbers), not a config object, and its row prints as the table's columns.
 */
final class TaskRows {
  private static final List<String> HEAD =
      List.of("sweep", "stage", "stage_type", "trial_id", "training_seed", "replaces_failed",
          "rung", "until_cycle", "decision");

  /** The schema: the task's own fields, then every hyperparameter. */
  static final StructType SCHEMA = schema();

  private TaskRows() {}

  private static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("sweep", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("stage", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("stage_type", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("trial_id", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("training_seed", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("replaces_failed", DataTypes.BooleanType, false));
    fields.add(DataTypes.createStructField("rung", DataTypes.IntegerType, true));
    fields.add(DataTypes.createStructField("until_cycle", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("decision", DataTypes.IntegerType, true));
    StructType table = TrialColumns.sparkSchema();
    for (Hyperparameter<?> p : Hyperparameters.ALL) {
      fields.add(table.apply(p.column()));
    }
    return DataTypes.createStructType(fields);
  }

  static Row row(TrialTask t) {
    List<Object> values = new ArrayList<>(List.of(t.sweep(), t.stage(), t.stageType().label(),
        t.trialId(), t.trainingSeed(), t.replacesFailed()));
    values.add(t.rung());
    values.add(t.untilCycle());
    values.add(t.decision());
    for (Hyperparameter<?> p : Hyperparameters.ALL) {
      values.add(column(t.config(), p));
    }
    return RowFactory.create(values.toArray());
  }

  static TrialTask task(Row r) {
    TrialConfig.Builder b = TrialConfig.builder();
    for (int i = 0; i < Hyperparameters.ALL.size(); i++) {
      set(b, Hyperparameters.ALL.get(i), r.get(HEAD.size() + i));
    }
    return new TrialTask(r.getString(0), r.getString(1), StageType.of(r.getString(2)),
        r.getString(3), b.build(), r.getLong(4), r.getBoolean(5),
        r.isNullAt(6) ? null : r.getInt(6), r.getInt(7), r.isNullAt(8) ? null : r.getInt(8));
  }

  /** A column value as Spark's row encoder takes it: lists as Scala sequences. */
  private static <T> Object column(TrialConfig c, Hyperparameter<T> p) {
    Object value = p.type().toColumn(c.get(p));
    return value instanceof List<?> list
        ? scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq() : value;
  }

  private static <T> void set(TrialConfig.Builder b, Hyperparameter<T> p, Object column) {
    Object value = column instanceof scala.collection.Seq<?> seq
        ? scala.jdk.javaapi.CollectionConverters.asJava(seq) : column;
    b.set(p, p.type().fromColumn(value));
  }
}
