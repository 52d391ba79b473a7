package org.bnsweep.results;

import static org.bnsweep.results.ParquetFields.has;
import static org.bnsweep.results.ParquetFields.integer;
import static org.bnsweep.results.ParquetFields.number;
import static org.bnsweep.results.ParquetFields.string;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.bnsweep.params.TrialStatus;

/**
 * What a running sweep needs of a trial's row to plan on (status, scores, timings, and the
 * validation curve for halving decisions), read with parquet-mr, not Spark SQL: a sweep reads
 * its table back after every stage and rung, and Spark SQL's first query alone cost about 3 s
 * of a one-trial sweep (docs/performance.md). Any value the row lacks is null (an empty list
 * for the curve), as Spark gives for a column an older file does not have.
 *
 * @param updates the update count at the end of each epoch of the curve
 * @param valCurve the validation accuracy at the end of each epoch (null where none)
 */
public record TrialSummary(String trialId, String stage, TrialStatus status, Integer rung,
    Double valAccuracy, Double testAccuracy, Double seconds, Double trainingSeconds,
    String error, List<Long> updates, List<Double> valCurve) {

  /** The top-level columns read, and the curve's fields. */
  private static final Set<String> COLUMNS = Set.of("trial_id", "stage", "status", "rung",
      "val_accuracy", "test_accuracy", "seconds", "training_seconds", "error", "curve");
  private static final Set<String> CURVE_FIELDS = Set.of("updates", "val_accuracy");

  /** The summary of {@code row} (a whole row, or one read with {@link #projection}). */
  static TrialSummary of(Group row) {
    List<Long> updates = new ArrayList<>();
    List<Double> val = new ArrayList<>();
    if (has(row, "curve")) {
      Group list = row.getGroup("curve", 0);
      for (int i = 0; i < list.getFieldRepetitionCount("list"); i++) {
        Group entry = list.getGroup("list", i);
        if (entry.getFieldRepetitionCount("element") != 1) {
          continue;
        }
        Group point = entry.getGroup("element", 0);
        updates.add(has(point, "updates") ? point.getLong("updates", 0) : null);
        val.add(number(point, "val_accuracy"));
      }
    }
    String word = string(row, "status");
    return new TrialSummary(string(row, "trial_id"), string(row, "stage"),
        word == null ? null : TrialStatus.ofWord(word).orElse(null),
        integer(row, "rung"),
        number(row, "val_accuracy"), number(row, "test_accuracy"), number(row, "seconds"),
        number(row, "training_seconds"), string(row, "error"),
        Collections.unmodifiableList(updates), Collections.unmodifiableList(val));
  }

  /**
   * The columns of {@code file} that a summary reads, for parquet-mr's projection: only those
   * the file has, so that a file of an older schema is read too.
   */
  static MessageType projection(MessageType file) {
    List<Type> fields = new ArrayList<>();
    for (Type t : file.getFields()) {
      if (!COLUMNS.contains(t.getName())) {
        continue;
      }
      fields.add(t.getName().equals("curve") && !t.isPrimitive() ? curveProjection(
          t.asGroupType()) : t);
    }
    return new MessageType(file.getName(), fields);
  }

  /** The curve, a LIST of points, with only the point fields a summary reads. */
  private static Type curveProjection(GroupType curve) {
    if (curve.getFieldCount() != 1 || curve.getType(0).isPrimitive()) {
      return curve;
    }
    GroupType list = curve.getType(0).asGroupType();
    if (list.getFieldCount() != 1 || list.getType(0).isPrimitive()) {
      return curve;
    }
    GroupType element = list.getType(0).asGroupType();
    List<Type> kept = element.getFields().stream()
        .filter(f -> CURVE_FIELDS.contains(f.getName())).toList();
    if (kept.isEmpty()) {
      return curve;
    }
    return curve.withNewFields(list.withNewFields(element.withNewFields(kept)));
  }
}
