package org.bnsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.bnsweep.train.Hyperparameter;
import org.bnsweep.train.Hyperparameters;
import org.bnsweep.train.Setting;
import org.bnsweep.train.TrialConfig;

/**
 * One stage of a sweep: a grid (the product of its axes' values, on top of the sweep's base
 * config), a refinement (for each of the {@code top} best trials of stage {@code of} by
 * validation accuracy, the product of its axes around that trial's values), or a successive
 * halving (its {@code candidates}, planned as a grid, trained rung by rung, the best fraction
 * {@code keep} of each rung going on to the next). Any may {@code set} parameters to one value,
 * e.g. {@code set { cycles = 3 }} (a halving stage's cycles are its last rung).
 *
 * @param of the stage a refinement refines; null for other stages
 * @param halving the rungs and keep of a halving stage; null for other stages
 */
public record Stage(String name, Type type, String of, int top, List<Setting<?>> set,
    List<Axis> axes, Halving halving) {

  public enum Type {
    GRID, REFINE, HALVING;

    /** The word of sweep files and the table's stage_type column. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** More trials than this in one stage is a typo, not a plan. */
  static final int MAX_TRIALS = 100_000;

  private static final Set<String> KEYS =
      Set.of("name", "type", "of", "top", "set", "grid", "candidates", "rungs", "keep");

  public Stage {
    // HOCON objects are unordered: a fixed order makes the trial order reproducible.
    set = set.stream().sorted(Comparator.comparing(v -> Hyperparameters.ALL.indexOf(v.parameter())))
        .toList();
    axes = axes.stream().sorted(Comparator.comparing(a -> Hyperparameters.ALL.indexOf(a.parameter())))
        .toList();
  }

  /** Reads one element of {@code bnsweep.sweep.stages}. */
  static Stage fromConfig(ConfigObject object, int index) {
    String where = "sweep stage " + (index + 1) + " (" + object.origin().description() + ")";
    for (String k : object.keySet()) {
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(where + ": unknown key \"" + k + "\"; a stage takes "
            + KEYS);
      }
    }
    Config c = object.toConfig();
    if (!c.hasPath("name")) {
      throw new IllegalArgumentException(where + ": every stage needs a name");
    }
    String name = c.getString("name");
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException(where + ": stage name \"" + name
          + "\" must start with a letter and hold only letters, digits, _ and -");
    }
    String at = "stage " + name;
    String typeName = c.hasPath("type") ? c.getString("type") : "";
    Type type = switch (typeName) {
      case "grid" -> Type.GRID;
      case "refine" -> Type.REFINE;
      case "halving" -> Type.HALVING;
      default -> throw new IllegalArgumentException(where + ": stage " + name
          + " has type \"" + typeName + "\"; a stage's type is grid, refine or halving");
    };
    String of = null;
    int top = 1;
    if (type == Type.REFINE) {
      if (!c.hasPath("of")) {
        throw new IllegalArgumentException(where + ": refine stage " + name
            + " needs of = <an earlier stage's name>");
      }
      of = c.getString("of");
      top = c.hasPath("top") ? c.getInt("top") : 1;
      if (top < 1) {
        throw new IllegalArgumentException(where + ": top must be >= 1, got " + top);
      }
    } else if (c.hasPath("of") || c.hasPath("top")) {
      throw new IllegalArgumentException(where + ": of and top belong to refine stages");
    }
    List<Setting<?>> set = new ArrayList<>();
    if (c.hasPath("set")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("set").entrySet()) {
        set.add(parameter(e.getKey(), at + ", set").parse(e.getValue(), at + ", set"));
      }
    }
    String axesKey = type == Type.HALVING ? "candidates" : "grid";
    String otherKey = type == Type.HALVING ? "grid" : "candidates";
    if (c.hasPath(otherKey)) {
      throw new IllegalArgumentException(where + ": a " + type.label() + " stage lists its"
          + " values under " + axesKey + " { ... }, not " + otherKey);
    }
    List<Axis> axes = new ArrayList<>();
    if (c.hasPath(axesKey)) {
      for (Map.Entry<String, ConfigValue> e : c.getObject(axesKey).entrySet()) {
        Hyperparameter<?> p = parameter(e.getKey(), at + ", " + axesKey);
        axes.add(Axis.parse(p, e.getKey(), e.getValue(), at + ", " + axesKey + " " + e.getKey()));
      }
    }
    Halving halving = null;
    if (type == Type.HALVING) {
      halving = Halving.fromConfig(c, where);
      if (axes.isEmpty()) {
        throw new IllegalArgumentException(where + ": halving stage " + name + " has no"
            + " candidates; give values, e.g. candidates { lambda = [0.01, 0.001] }");
      }
      boolean setsCycles = set.stream().anyMatch(v -> v.parameter() == Hyperparameters.CYCLES)
          || axes.stream().anyMatch(a -> a.parameter() == Hyperparameters.CYCLES);
      if (setsCycles) {
        throw new IllegalArgumentException(where + ": halving stage " + name + " sets cycles;"
            + " its trials' cycles are its rungs " + halving.rungs() + ", so remove cycles");
      }
    } else {
      for (String k : List.of("rungs", "keep")) {
        if (c.hasPath(k)) {
          throw new IllegalArgumentException(where + ": " + k + " belongs to halving stages");
        }
      }
    }
    long distinct = axes.stream().map(Axis::parameter).distinct().count();
    if (distinct < axes.size()) {
      throw new IllegalArgumentException(where + ": stage " + name + " varies init and sigma"
          + " together; they are one parameter, so keep one of them");
    }
    if (type == Type.GRID && axes.isEmpty()) {
      throw new IllegalArgumentException(where + ": grid stage " + name + " has an empty grid;"
          + " give values, e.g. grid { lambda = [0.01, 0.001] }");
    }
    return new Stage(name, type, of, top, set, axes, halving);
  }

  /**
   * The budgets of a halving stage and the fraction that goes on after each.
   *
   * @param rungs cycles trained by the end of each rung, strictly increasing, each >= 1
   * @param keep fraction of a rung's trials that go on to the next, in (0, 1)
   */
  public record Halving(List<Integer> rungs, double keep) implements java.io.Serializable {
    public Halving {
      rungs = List.copyOf(rungs);
    }

    static Halving fromConfig(Config c, String where) {
      if (!c.hasPath("rungs") || !c.hasPath("keep")) {
        throw new IllegalArgumentException(where + ": a halving stage needs rungs (cycles, e.g."
            + " [1, 2, 4]) and keep (the fraction that goes on, e.g. 0.3333)");
      }
      ConfigValue list = c.getValue("rungs");
      List<Integer> rungs = new ArrayList<>();
      if (list instanceof com.typesafe.config.ConfigList l) {
        for (ConfigValue v : l) {
          if (!(v.unwrapped() instanceof Integer n) || n < 1
              || (!rungs.isEmpty() && n <= rungs.get(rungs.size() - 1))) {
            rungs.clear();
            break;
          }
          rungs.add(n);
        }
      }
      if (rungs.isEmpty()) {
        throw new IllegalArgumentException(where + ": rungs must list whole numbers of cycles"
            + " >= 1, strictly increasing, such as [1, 2, 4]; got " + list.render());
      }
      ConfigValue k = c.getValue("keep");
      if (!(k.unwrapped() instanceof Number n) || !(n.doubleValue() > 0 && n.doubleValue() < 1)) {
        throw new IllegalArgumentException(where + ": keep must be a fraction in (0, 1), such as"
            + " 0.3333, got " + k.render());
      }
      return new Halving(rungs, ((Number) k.unwrapped()).doubleValue());
    }

    /** The cycles its trials are planned with: the last rung's. */
    public int cycles() {
      return rungs.get(rungs.size() - 1);
    }

    /** How many of {@code n} trials go on: ceil(keep x n), at least one. */
    public int survivors(int n) {
      return Math.max(1, (int) Math.ceil(keep * n - 1e-9));
    }
  }

  /** The hyperparameter a stage names, or an error listing the names it may use. */
  private static Hyperparameter<?> parameter(String name, String where) {
    Hyperparameter<?> p = Hyperparameters.forName(name);
    if (p == null || !p.sweepable()) {
      throw new IllegalArgumentException(where + ": " + (p == null ? "unknown parameter \""
          + name + "\"" : name + " is fixed for the whole sweep (set it under bnsweep.data)")
          + "; a stage varies or sets one of " + Hyperparameters.sweepableNames());
    }
    return p;
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
   * The configs of this stage: for each base, {@code set} applied, then every combination of
   * the axes' values. Repeats (configs equal after auto is resolved) are dropped; the order is
   * fixed.
   */
  public List<TrialConfig> plan(List<Base> bases, long sweepSeed) {
    Random rng = new Random(sweepSeed * 1_000_003L + name.hashCode());
    List<TrialConfig> out = new ArrayList<>();
    for (Base base : bases) {
      List<List<Setting<?>>> product = List.of(List.of());
      for (Axis axis : axes) {
        List<Setting<?>> values = axis.values(base.trial(), base.name(), rng);
        List<List<Setting<?>>> next = new ArrayList<>();
        for (List<Setting<?>> partial : product) {
          for (Setting<?> v : values) {
            List<Setting<?>> more = new ArrayList<>(partial);
            more.add(v);
            next.add(more);
          }
        }
        product = next;
        if (product.size() > MAX_TRIALS) {
          throw new IllegalArgumentException(axis.at() + ": stage " + name + " would plan more"
              + " than " + MAX_TRIALS + " trials; lower the counts of its axes");
        }
      }
      for (List<Setting<?>> combination : product) {
        TrialConfig.Builder b = TrialConfig.builder();
        base.settings().forEach(v -> v.applyTo(b));
        set.forEach(v -> v.applyTo(b));
        combination.forEach(v -> v.applyTo(b));
        if (halving != null) {
          b.set(Hyperparameters.CYCLES, halving.cycles());
        }
        TrialConfig t;
        try {
          t = b.build();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("stage " + name + ", trial " + combination + ": "
              + e.getMessage(), e);
        }
        if (!out.contains(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** The parameters this stage varies or sets, to show a trial in progress lines. */
  public List<Hyperparameter<?>> shownParameters() {
    List<Hyperparameter<?>> shown = new ArrayList<>();
    axes.forEach(a -> shown.add(a.parameter()));
    if (type == Type.REFINE) {
      set.stream().map(Setting::parameter).filter(p -> !shown.contains(p)).forEach(shown::add);
    }
    return shown;
  }
}
