package org.bnsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bnsweep.config.Settings;
import org.bnsweep.data.DataConfig;
import org.bnsweep.params.BadSettings;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.train.TrialMemory;

/**
 * A whole sweep as its file describes it: name, seed, results path, the data split, the base
 * trial config (the file's {@code network} and {@code training} over the reference defaults)
 * and the stages in order. Built and checked completely before any training starts:
 * every grid stage is planned here, so a bad value fails at once.
 */
public record SweepPlan(String name, long seed, String results, DataConfig data,
    Stage.Base base, List<Stage> stages) {

  /** The sweep section's own keys; {@code stages} is checked stage by stage. */
  public static final Set<String> OPEN_SECTIONS = Set.of("sweep.stages");

  public SweepPlan {
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("sweep.name \"" + name + "\" must start with a letter"
          + " and hold only letters, digits, _ and - (it names a folder of the results table)");
    }
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("sweep " + name + " has no stages; list them in"
          + " bnsweep.sweep.stages");
    }
    Set<String> seen = new HashSet<>();
    for (Stage s : stages) {
      String of = s.sampler().refines().map(Sampler.Refinement::of).orElse(null);
      if (of != null && !seen.contains(of)) {
        throw new IllegalArgumentException("stage " + s.name() + " refines stage \"" + of
            + "\", which is not an earlier stage of sweep " + name + " (earlier: " + seen + ")");
      }
      if (!seen.add(s.name())) {
        throw new IllegalArgumentException("sweep " + name + " has two stages named " + s.name());
      }
    }
    stages = List.copyOf(stages);
  }

  public static SweepPlan fromSettings(Settings settings) {
    Config root = settings.config();
    Config sweep = root.getConfig("sweep");
    List<Stage> stages = new ArrayList<>();
    List<IllegalArgumentException> problems = new ArrayList<>();
    List<? extends ConfigValue> list = sweep.getList("stages");
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof ConfigObject o)) {
        problems.add(new IllegalArgumentException("sweep stage " + (i + 1) + " ("
            + list.get(i).origin().description() + ") must be an object { name = ..., type = ... }"));
        continue;
      }
      try {
        stages.add(StageReader.read(o, i));
      } catch (IllegalArgumentException e) {
        problems.add(e); // and read the next stages, so that every stage's problem is shown
      }
    }
    BadSettings.throwIfAny(problems);
    SweepPlan plan = new SweepPlan(sweep.getString("name"), sweep.getLong("seed"),
        sweep.getString("results"), settings.data(),
        new Stage.Base(settings.trialSettings(), null, "the sweep's base config"), stages);
    plan.check();
    return plan;
  }

  /** A copy writing to another results path. */
  public SweepPlan withResults(String path) {
    return new SweepPlan(name, seed, path, data, base, stages);
  }

  /**
   * Plans every grid stage, so that bad values and empty grids fail now rather than after hours
   * of training. A refinement is checked against each grid trial it may choose; its axes and
   * set are checked as they are read.
   */
  private void check() {
    planned();
  }

  /**
   * Every trial each stage may train, by stage in order: a grid's or a halving's trials, for a
   * refinement those it would train around each trial its stage {@code of} may hold (a superset
   * of what it will train, which depends on results), and for a sampler that learns the corners
   * of its space (every list value with each range's ends), which bound its trials' memory.
   */
  public java.util.Map<String, List<TrialConfig>> planned() {
    java.util.Map<String, List<TrialConfig>> planned = new java.util.LinkedHashMap<>();
    for (Stage s : stages) {
      java.util.Optional<String> of = s.sampler().refines().map(Sampler.Refinement::of);
      if (!s.planned()) {
        planned.put(s.name(), SpaceCorners.of(s, base));
      } else if (of.isEmpty()) {
        planned.put(s.name(), s.plan(List.of(base), seed));
      } else if (planned.containsKey(of.get())) {
        planned.put(s.name(), s.plan(candidates(of.get(), planned.get(of.get())), seed));
      }
    }
    return planned;
  }

  /**
   * Checks that every trial the plan may train fits in an executor's memory beside the data and
   * the other trials it runs at once; else one line naming the trial, the need, the limit and
   * the fix.
   *
   * @param atOnce trials an executor runs at once
   * @param limit names the limit: "spark.executor.memory"
   * @param raise how to raise it: "--executor-memory"
   */
  public void checkMemory(long limitBytes, int atOnce, String limit, String raise) {
    long data = TrialMemory.dataBytes(this.data);
    planned().forEach((stage, configs) -> configs.stream()
        .max(java.util.Comparator.comparingLong((TrialConfig c) -> TrialMemory.of(c).bytes()))
        .ifPresent(c -> TrialMemory.of(c).check("trial " + TrialIds.id(c, seed) + " of stage "
                + stage + " (hidden " + c.show(org.bnsweep.params.Hyperparameters.HIDDEN) + ")",
            data + (atOnce - 1) * TrialMemory.of(c).bytes(), "the data" + (atOnce > 1
                ? " and " + (atOnce - 1) + " more trials at once" : ""), limitBytes, limit,
            raise)));
  }

  /** The trials of a refinement's stage {@code of} as bases to refine around. */
  List<Stage.Base> candidates(String of, List<TrialConfig> trials) {
    return trials.stream()
        .map(t -> Stage.Base.of(t, "trial " + TrialIds.id(t, seed) + " of stage " + of))
        .toList();
  }
}
