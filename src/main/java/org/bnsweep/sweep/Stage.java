package org.bnsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.bnsweep.train.TrialConfig;

/**
 * One stage of a sweep: a grid (the product of its axes' values, on top of the sweep's base
 * config) or a refinement (for each of the {@code top} best trials of stage {@code of} by
 * validation accuracy, the product of its axes around that trial's values). Either may
 * {@code set} parameters to one value, e.g. {@code set { cycles = 3 }}.
 */
public record Stage(String name, Type type, String of, int top, Map<Parameter, Object> set,
    List<Axis> axes) {

  public enum Type { GRID, REFINE }

  private static final Set<String> KEYS = Set.of("name", "type", "of", "top", "set", "grid");

  public Stage {
    set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
    // HOCON objects are unordered: a fixed order makes the trial order reproducible.
    axes = axes.stream().sorted(Comparator.comparing(Axis::parameter)).toList();
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
    Map<Parameter, Object> set = new LinkedHashMap<>();
    if (c.hasPath("set")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("set").entrySet()) {
        Parameter p = Parameter.forKey(e.getKey(), at + ", set");
        set.put(p, p.parse(e.getValue(), at + ", set " + p.key()));
      }
    }
    List<Axis> axes = new ArrayList<>();
    if (c.hasPath("grid")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("grid").entrySet()) {
        Parameter p = Parameter.forKey(e.getKey(), at + ", grid");
        axes.add(Axis.parse(p, e.getValue(), at + ", grid " + p.key()));
      }
    }
    if (type == Type.GRID && axes.isEmpty()) {
      throw new IllegalArgumentException(where + ": grid stage " + name + " has an empty grid;"
          + " give values, e.g. grid { lambda = [0.01, 0.001] }");
    }
    return new Stage(name, type, of, top, set, axes);
  }

  /**
   * The configs of this stage: for each base (the sweep's base for a grid, the best trials of
   * stage {@code of} for a refinement), {@code set} applied, then every combination of the
   * axes' values. Repeats are dropped; the order is fixed.
   */
  public List<TrialConfig> plan(List<TrialConfig> bases, long sweepSeed) {
    Random rng = new Random(sweepSeed * 1_000_003L + name.hashCode());
    List<TrialConfig> out = new ArrayList<>();
    for (TrialConfig base : bases) {
      TrialConfig b = base;
      for (Map.Entry<Parameter, Object> e : set.entrySet()) {
        b = e.getKey().apply(b, e.getValue());
      }
      List<TrialConfig> product = List.of(b);
      for (Axis axis : axes) {
        List<Object> values = axis.values(base, rng);
        List<TrialConfig> next = new ArrayList<>();
        for (TrialConfig partial : product) {
          for (Object v : values) {
            next.add(axis.parameter().apply(partial, v));
          }
        }
        product = next;
      }
      for (TrialConfig t : product) {
        if (!out.contains(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** The parameters this stage varies or sets, to show a trial in progress lines. */
  public List<Parameter> shownParameters() {
    List<Parameter> shown = new ArrayList<>();
    axes.forEach(a -> shown.add(a.parameter()));
    if (type == Type.REFINE) {
      set.keySet().stream().filter(p -> !shown.contains(p)).forEach(shown::add);
    }
    return shown;
  }
}
