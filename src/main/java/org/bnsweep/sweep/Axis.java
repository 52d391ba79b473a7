package org.bnsweep.sweep;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bnsweep.train.Hyperparameter;
import org.bnsweep.train.Setting;
import org.bnsweep.train.TrialConfig;

/**
 * The values one hyperparameter takes in a stage, as a sweep file gives them: a list
 * ({@code lambda = [0.1, 0.01]}), a range ({@code {from = 1e-9, to = 1, count = 10}}, spaced
 * on the parameter's scale unless {@code scale = linear | log} says otherwise), random draws from
 * a range ({@code random = true}, log-uniform on a log scale, from a seeded generator), or, in a
 * refinement, a range around each chosen trial's own value ({@code around = best}: factors on a
 * log scale, offsets on a linear one).
 *
 * @param name the name the file used ({@code sigma} is init given as a number)
 */
public record Axis(Hyperparameter<?> parameter, String name, ConfigValue spec, String where) {

  /** More values than this in one axis is a typo (count = 1e10), not a plan. */
  static final int MAX_COUNT = 10_000;

  private static final Set<String> RANGE_KEYS =
      Set.of("from", "to", "count", "scale", "random", "around");

  /** Reads and checks an axis; {@code where} names it in errors ("stage coarse, grid lambda"). */
  public static Axis parse(Hyperparameter<?> p, String name, ConfigValue spec, String where) {
    Axis axis = new Axis(p, name, spec, where);
    if (spec instanceof ConfigObject o) {
      for (String k : o.keySet()) {
        if (!RANGE_KEYS.contains(k)) {
          throw new IllegalArgumentException(axis.at() + ": unknown range key \"" + k
              + "\"; a range takes " + RANGE_KEYS);
        }
      }
      if (!p.type().numeric()) {
        throw new IllegalArgumentException(axis.at() + ": " + name
            + " is not a number, so it takes a list of values, not a range");
      }
      for (String k : List.of("from", "to", "count")) {
        if (!o.containsKey(k)) {
          throw new IllegalArgumentException(axis.at() + ": a range needs from, to and count;"
              + " " + k + " is missing");
        }
      }
      axis.count(o);
      axis.random(o);
      if (o.containsKey("scale")) {
        axis.logScale(o.get("scale"));
      }
    }
    return axis;
  }

  String at() {
    return where + " (" + spec.origin().description() + ")";
  }

  /**
   * The settings, in order and without repeats.
   *
   * @param base the trial a relative range is centred on (null for absolute axes)
   * @param baseName names that trial in errors ("trial 3f2a... of stage coarse")
   * @param rng the generator random draws come from
   */
  public List<Setting<?>> values(TrialConfig base, String baseName, Random rng) {
    List<Setting<?>> values = new ArrayList<>();
    if (spec instanceof ConfigList list) {
      for (ConfigValue v : list) {
        values.add(parameter.parse(v, where));
      }
    } else if (spec instanceof ConfigObject o) {
      values.addAll(range(parameter, o, base, baseName, rng));
    } else {
      values.add(parameter.parse(spec, where));
    }
    List<Setting<?>> distinct = new ArrayList<>(new LinkedHashSet<>(values));
    if (distinct.isEmpty()) {
      throw new IllegalArgumentException(at() + ": the grid of " + name
          + " is empty; give at least one value");
    }
    return distinct;
  }

  private <T> List<Setting<?>> range(Hyperparameter<T> p, ConfigObject o, TrialConfig base,
      String baseName, Random rng) {
    double from = number(o, "from");
    double to = number(o, "to");
    int count = count(o);
    boolean log = o.containsKey("scale") ? logScale(o.get("scale"))
        : p.scale() == Hyperparameter.Scale.LOG;
    boolean random = random(o);
    double centre = Double.NaN;
    if (o.containsKey("around")) {
      if (!"best".equals(o.get("around").unwrapped())) {
        throw new IllegalArgumentException(at() + ": around takes \"best\", got "
            + o.get("around").render());
      }
      if (base == null) {
        throw new IllegalArgumentException(at() + ": around = best belongs in a refine stage");
      }
      T value = base.get(p);
      if (!p.type().hasNumber(value)) {
        throw new IllegalArgumentException(at() + ": " + baseName + " has " + p.name() + " = "
            + value + ", which has no " + name + " to refine around; refine only trials that"
            + " set " + name + " (e.g. a coarse grid over " + name + ")");
      }
      centre = p.type().toNumber(value);
      if (log && !(centre > 0)) {
        throw new IllegalArgumentException(at() + ": cannot refine " + name + " = " + centre
            + " of " + baseName + " on a log scale; use scale = linear");
      }
    }
    if (log && !(from > 0 && to > 0)) {
      throw new IllegalArgumentException(at() + ": a log-scale range needs from and to > 0, got "
          + from + " and " + to + "; use scale = linear");
    }
    List<Setting<?>> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double u = random ? rng.nextDouble() : (count == 1 ? 0.0 : (double) i / (count - 1));
      double x = log ? Math.exp(Math.log(from) + u * (Math.log(to) - Math.log(from)))
          : from + u * (to - from);
      if (!Double.isNaN(centre)) {
        x = log ? centre * x : centre + x;
      }
      T value = p.type().fromNumber(x);
      try {
        values.add(Setting.of(p, p.checked(value)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at() + ": " + e.getMessage()
            + "; narrow the range", e);
      }
    }
    return values;
  }

  private int count(ConfigObject o) {
    ConfigValue v = o.get("count");
    Object n = v.unwrapped();
    if (!(n instanceof Integer || n instanceof Long) || ((Number) n).longValue() < 1
        || ((Number) n).longValue() > MAX_COUNT) {
      throw new IllegalArgumentException(at() + ": count must be a whole number from 1 to "
          + MAX_COUNT + ", got " + v.render());
    }
    return ((Number) n).intValue();
  }

  private boolean random(ConfigObject o) {
    if (!o.containsKey("random")) {
      return false;
    }
    ConfigValue v = o.get("random");
    if (v.valueType() != ConfigValueType.BOOLEAN) {
      throw new IllegalArgumentException(at() + ": random must be true or false, got "
          + v.render());
    }
    return (Boolean) v.unwrapped();
  }

  private double number(ConfigObject o, String key) {
    Object v = o.get(key).unwrapped();
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException(at() + ": " + key + " must be a number, got "
          + o.get(key).render());
    }
    return n.doubleValue();
  }

  private boolean logScale(ConfigValue v) {
    if (v.valueType() == ConfigValueType.STRING) {
      String s = (String) v.unwrapped();
      if (s.equals("log")) {
        return true;
      }
      if (s.equals("linear")) {
        return false;
      }
    }
    throw new IllegalArgumentException(at() + ": scale must be log or linear, got " + v.render());
  }
}
