package org.bnsweep.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;

/**
 * An asynchronous stage without Spark or training: its facts live in memory (and survive a
 * "driver" that dies, as the table would), and a segment's score is a known function of the
 * trial's config and rung. Each segment costs one trial-second per cycle.
 */
final class FakeStage implements StageFacts, AsyncHalving.Segments {
  final List<Decision> decisions = new ArrayList<>();
  final Map<String, Segment> reached = new HashMap<>();
  /** Every segment trained, "trial@rung", in the order they ran. */
  final List<String> trained = new ArrayList<>();
  final List<String> stopped = new ArrayList<>();
  private final ToDoubleFunction<TrialConfig> score;
  /** The segment number (1 first) during which the driver dies; 0 never. */
  int dieAt;

  FakeStage(ToDoubleFunction<TrialConfig> score) {
    this.score = score;
  }

  @Override
  public synchronized List<Decision> decisions() {
    return List.copyOf(decisions);
  }

  @Override
  public synchronized void record(Decision d) {
    decisions.add(d);
  }

  @Override
  public synchronized Optional<Segment> reached(TrialTask task) {
    return Optional.ofNullable(reached.get(key(task)));
  }

  @Override
  public synchronized void stop(TrialTask task) {
    stopped.add(key(task));
  }

  @Override
  public synchronized Segment run(TrialTask task) {
    if (dieAt > 0 && trained.size() + 1 == dieAt) {
      dieAt = 0;
      throw new IllegalStateException("the driver died while " + key(task) + " trained");
    }
    trained.add(key(task));
    boolean last = task.last();
    Segment s = new Segment(last ? TrialStatus.OK : TrialStatus.STOPPED,
        score.applyAsDouble(task.config()) + task.untilCycle() * 1e-3, task.untilCycle(), last,
        task.untilCycle());
    reached.put(key(task), s);
    return s;
  }

  static String key(TrialTask t) {
    return t.trialId() + "@" + t.rung();
  }
}
