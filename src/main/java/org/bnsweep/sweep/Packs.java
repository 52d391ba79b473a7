package org.bnsweep.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;

/**
 * Groups a stage's trials into packs that one Spark task trains together (their first layers'
 * products as one, on shared mini-batches). Trials pack together only if they differ in nothing
 * but per-network scalars; the packs follow from the stage's trials in plan order and the pack
 * size alone, never from the parallelism or from what is left to train, so that every trial's
 * numbers are the same at any parallelism and after any retry or restart.
 */
final class Packs {
  private Packs() {}

  /**
   * What members of one pack may differ in: each member's network has its own penalty,
   * initialisation, normalisation and learning rates. Everything else (widths, batch size,
   * precision, data sizes, step size, cycles, replicate seed) decides the shared loop or the
   * stacked product's shape.
   */
  static final Set<Hyperparameter<?>> PER_MEMBER = Set.of(Hyperparameters.LAMBDA,
      Hyperparameters.INIT, Hyperparameters.BATCH_NORM, Hyperparameters.BN_ALPHA,
      Hyperparameters.BN_EPSILON, Hyperparameters.ETA_MIN, Hyperparameters.ETA_MAX);

  /**
   * The packs of {@code tasks}: in plan order, each trial joins the open pack of its key (or
   * opens one), and a pack closes at {@code size} trials. Packs are ordered by their first trial.
   */
  static List<List<TrialTask>> of(List<TrialTask> tasks, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a pack holds at least one trial, got " + size);
    }
    List<List<TrialTask>> packs = new ArrayList<>();
    Map<List<Object>, List<TrialTask>> open = new LinkedHashMap<>();
    for (TrialTask t : tasks) {
      List<TrialTask> pack = open.computeIfAbsent(key(t), k -> {
        List<TrialTask> fresh = new ArrayList<>();
        packs.add(fresh);
        return fresh;
      });
      pack.add(t);
      if (pack.size() == size) {
        open.remove(key(t));
      }
    }
    return packs.stream().map(List::copyOf).toList();
  }

  /**
   * The planned packs cut down to the trials of {@code todo} (in their todo form), without the
   * packs left empty: what a run or a later pass trains.
   */
  static List<List<TrialTask>> remaining(List<List<TrialTask>> packs, List<TrialTask> todo) {
    Map<String, TrialTask> byId = todo.stream()
        .collect(Collectors.toMap(TrialTask::trialId, Function.identity(), (a, b) -> a));
    return packs.stream()
        .map(p -> p.stream().filter(t -> byId.containsKey(t.trialId()))
            .map(t -> byId.get(t.trialId())).toList())
        .filter(p -> !p.isEmpty())
        .toList();
  }

  /** What trials of one pack share: every value but the per-member ones, and the run. */
  private static List<Object> key(TrialTask t) {
    List<Object> key = new ArrayList<>();
    TrialConfig c = t.config();
    for (Hyperparameter<?> p : Hyperparameters.ALL) {
      if (!PER_MEMBER.contains(p)) {
        key.add(c.get(p));
      }
    }
    key.add(t.orderSeed());
    key.add(t.untilCycle());
    return key;
  }
}
