package org.bnsweep.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.Setting;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.results.StageType;

/**
 * One stage of a sweep: a {@link Sampler} (what to try: a grid, a refinement around the best of
 * an earlier stage, TPE, random draws) and a {@link Scheduler} (how far each trial trains: to
 * the end, synchronous or asynchronous halving), on top of the sweep's base config with
 * {@code set} fixing parameters to one value, e.g. {@code set { cycles = 3 }}. Read by
 * {@link StageReader}.
 */
public record Stage(String name, Sampler sampler, Scheduler scheduler, List<Setting<?>> set) {

  /** More trials than this in one stage is a typo, not a plan. */
  static final int MAX_TRIALS = 100_000;

  public Stage {
    // HOCON objects are unordered: a fixed order makes the trial order reproducible.
    set = set.stream().sorted(Comparator.comparing(v -> Hyperparameters.ALL.indexOf(v.parameter())))
        .toList();
  }

  /** The stage's kind, as the table's stage_type column names it. */
  public StageType type() {
    return new StageType(sampler.name(), scheduler.name());
  }

  /** The stage's kind in the table's stage_type column: grid, refine, halving, tpe+asha. */
  public String label() {
    return type().label();
  }

  /** The axes its sampler varies. */
  public List<Axis> axes() {
    return sampler.space();
  }

  /** True if its sampler plans every trial in advance (a grid, a refinement). */
  public boolean planned() {
    return sampler.plan(List.of(), new Random(0)).isPresent();
  }

  /**
   * What a stage starts from: the sweep's base settings for a grid, a chosen trial of stage
   * {@code of} for a refinement.
   *
   * @param settings the values to start from ({@code auto} allowed)
   * @param trial the chosen trial, centre of {@code around = best} ranges; null for a grid
   * @param name names the trial in errors
   */
  public record Base(List<Setting<?>> settings, TrialConfig trial, String name) {
    static Base of(TrialConfig trial, String name) {
      List<Setting<?>> settings = new ArrayList<>();
      for (Hyperparameter<?> p : Hyperparameters.ALL) {
        settings.add(current(trial, p));
      }
      return new Base(settings, trial, name);
    }

    private static <T> Setting<T> current(TrialConfig c, Hyperparameter<T> p) {
      return Setting.of(p, c.get(p));
    }
  }

  /**
   * The configs a planning sampler proposes for {@code bases}: for each, {@code set} applied,
   * then each point. Repeats (configs equal after auto is resolved) are dropped; the order is
   * fixed.
   */
  public List<TrialConfig> plan(List<Base> bases, long sweepSeed) {
    Random rng = new Random(sweepSeed * 1_000_003L + name.hashCode());
    List<Sampler.Point> points = sampler.plan(bases, rng).orElseThrow(() ->
        new IllegalStateException("stage " + name + ": sampler " + sampler.name()
            + " learns from results and plans nothing in advance"));
    List<TrialConfig> out = new ArrayList<>();
    // A set to find repeats: out.contains made planning quadratic (6 s at 10,000 trials).
    Set<TrialConfig> seen = new HashSet<>();
    for (Sampler.Point point : points) {
      TrialConfig t = config(point.base(), point.settings());
      if (seen.add(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The config of one point: the base, then {@code set}, then the point, then the rungs. */
  public TrialConfig config(Base base, List<Setting<?>> point) {
    TrialConfig.Builder b = TrialConfig.builder();
    base.settings().forEach(v -> v.applyTo(b));
    set.forEach(v -> v.applyTo(b));
    point.forEach(v -> v.applyTo(b));
    scheduler.cycles().ifPresent(c -> b.set(Hyperparameters.CYCLES, c));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stage " + name + ", trial " + point + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The generator of the proposal numbered {@code order} (0 first) of a sampler that learns: a
   * function of the sweep seed, the stage and the order, so a restarted driver draws the same.
   */
  public Random proposalRandom(long sweepSeed, int order) {
    return new Random((sweepSeed * 1_000_003L + name.hashCode()) * 31L + order);
  }

  /** The parameters this stage varies or sets, to show a trial in progress lines. */
  public List<Hyperparameter<?>> shownParameters() {
    List<Hyperparameter<?>> shown = new ArrayList<>();
    axes().forEach(a -> shown.add(a.parameter()));
    if (sampler.refines().isPresent()) {
      set.stream().map(Setting::parameter).filter(p -> !shown.contains(p)).forEach(shown::add);
    }
    return shown;
  }
}
