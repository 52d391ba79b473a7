package org.bnsweep.sweep;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.CheckpointStore;
import org.bnsweep.results.ResultsTable;
import org.bnsweep.results.TrialSummary;
import org.bnsweep.train.Checkpoint;

/**
 * What a halving rung decides, read from what the trials left behind rather than from the
 * job's messages, so that a restarted driver decides the same: a trial's validation accuracy at
 * the rung's end is its curve's point there, from its row if it has one (it stopped, diverged or
 * finished earlier) or else from its checkpoint at that rung.
 */
final class HalvingRungs {
  private HalvingRungs() {}

  /**
   * Validation accuracy at the rung's end of every trial that reached it without diverging or
   * failing, by trial id.
   */
  static Map<String, Double> scores(ResultsTable table, String sweep,
      List<TrialTask> rung) {
    Map<String, Double> scores = new HashMap<>();
    Map<String, TrialTask> byId = new HashMap<>();
    rung.forEach(t -> byId.put(t.trialId(), t));
    Set<String> withRow = new HashSet<>();
    for (TrialSummary r : table.summaries(sweep)) {
      TrialTask t = byId.get(r.trialId());
      if (t == null) {
        continue;
      }
      withRow.add(t.trialId());
      Double score = atRungEnd(t, r.status(), r.updates(), r.valCurve());
      if (score != null) {
        scores.put(t.trialId(), score);
      }
    }
    CheckpointStore checkpoints = table.checkpoints();
    for (TrialTask t : rung) {
      if (!withRow.contains(t.trialId())) {
        checkpoints.read(sweep, t.trialId(), t.untilCycle())
            .map(b -> Checkpoint.fromBytes(b, checkpoints.describe(sweep, t.trialId(),
                t.untilCycle())))
            .map(Checkpoint::valAccuracy)
            .filter(Double::isFinite)
            .ifPresent(v -> scores.put(t.trialId(), v));
      }
    }
    return scores;
  }

  /** The curve's validation accuracy at the rung's last update, if the trial got there well. */
  private static Double atRungEnd(TrialTask t, TrialStatus status, List<Long> updates,
      List<Double> valAccuracy) {
    if (status == TrialStatus.FAILED) {
      return null;
    }
    long end = 2L * t.config().get(Hyperparameters.STEP_SIZE) * t.untilCycle();
    // A diverged trial counts at this rung only if it diverged after it.
    if (status == TrialStatus.DIVERGED && (updates.isEmpty()
        || updates.get(updates.size() - 1) == null || updates.get(updates.size() - 1) <= end)) {
      return null;
    }
    for (int i = 0; i < updates.size(); i++) {
      if (updates.get(i) != null && updates.get(i) == end) {
        return valAccuracy.get(i);
      }
    }
    return null;
  }

  /** Writes the stopped row of each trial that has no row yet, from its checkpoint. */
  static void stop(ResultsTable table, String sweep, List<TrialTask> halted) {
    CheckpointStore checkpoints = table.checkpoints();
    for (TrialTask t : halted) {
      String where = checkpoints.describe(sweep, t.trialId(), t.untilCycle());
      checkpoints.read(sweep, t.trialId(), t.untilCycle())
          .map(b -> Checkpoint.fromBytes(b, where))
          .ifPresent(c -> table.write(sweep, DriverRows.stopped(t, c, checkpoints.writtenAt(sweep,
              t.trialId(), t.untilCycle()).orElseGet(java.time.Instant::now)), false));
    }
  }
}
