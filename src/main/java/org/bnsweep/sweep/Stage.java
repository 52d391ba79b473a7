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
 * config) or a refinement (for each of the {@code top} best trials of stage {@code of} by
 * validation accuracy, the product of its axes around that trial's values). Either may
 * {@code set} parameters to one value, e.g. {@code set { cycles = 3 }}.
 */
public record Stage(String name, Type type, String of, int top, List<Setting<?>> set,
    List<Axis> axes) {

  public enum Type { GRID, REFINE }

  /** More trials than this in one stage is a typo, not a plan. */
  static final int MAX_TRIALS = 100_000;

  private static final Set<String> KEYS = Set.of("name", "type", "of", "top", "set", "grid");

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
      default -> throw new IllegalArgumentException(where + ": stage " + name
          + " has type \"" + typeName + "\"; a stage's type is grid or refine");
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
    List<Axis> axes = new ArrayList<>();
    if (c.hasPath("grid")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("grid").entrySet()) {
        Hyperparameter<?> p = parameter(e.getKey(), at + ", grid");
        axes.add(Axis.parse(p, e.getKey(), e.getValue(), at + ", grid " + e.getKey()));
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
    return new Stage(name, type, of, top, set, axes);
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
