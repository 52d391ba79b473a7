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
import org.bnsweep.train.TrialConfig;

/**
 * The values one parameter takes in a stage, as a sweep file gives them: a list
 * ({@code lambda = [0.1, 0.01]}), a range ({@code {from = 1e-9, to = 1, count = 10}}, spaced
 * on the parameter's scale unless {@code scale = linear | log} says otherwise), random draws from
 * a range ({@code random = true}, log-uniform on a log scale, from a seeded generator), or, in a
 * refinement, a range around each best trial's value ({@code around = best}: factors on a log
 * scale, offsets on a linear one).
 */
public record Axis(Parameter parameter, ConfigValue spec, String where) {

  private static final Set<String> RANGE_KEYS =
      Set.of("from", "to", "count", "scale", "random", "around");

  /** Reads and checks an axis; {@code where} names it in errors ("stage coarse, lambda"). */
  public static Axis parse(Parameter p, ConfigValue spec, String where) {
    Axis axis = new Axis(p, spec, where);
    if (spec instanceof ConfigObject o) {
      for (String k : o.keySet()) {
        if (!RANGE_KEYS.contains(k)) {
          throw new IllegalArgumentException(axis.at() + ": unknown range key \"" + k
              + "\"; a range takes " + RANGE_KEYS);
        }
      }
      if (!p.isNumeric()) {
        throw new IllegalArgumentException(axis.at() + ": " + p.key()
            + " is not a number, so it takes a list of values, not a range");
      }
      for (String k : List.of("from", "to", "count")) {
        if (!o.containsKey(k)) {
          throw new IllegalArgumentException(axis.at() + ": a range needs from, to and count;"
              + " " + k + " is missing");
        }
      }
    }
    return axis;
  }

  String at() {
    return where + " (" + spec.origin().description() + ")";
  }

  /** True for {@code around = best}: values relative to a trial of an earlier stage. */
  public boolean relative() {
    return spec instanceof ConfigObject o && o.containsKey("around");
  }

  /**
   * The values, in order and without repeats.
   *
   * @param base the trial a relative range is centred on (null for absolute axes)
   * @param rng the generator random draws come from
   */
  public List<Object> values(TrialConfig base, Random rng) {
    List<Object> values = new ArrayList<>();
    if (spec instanceof ConfigList list) {
      for (ConfigValue v : list) {
        values.add(parameter.parse(v, where));
      }
    } else if (spec instanceof ConfigObject o) {
      values.addAll(range(o, base, rng));
    } else {
      values.add(parameter.parse(spec, where));
    }
    List<Object> distinct = new ArrayList<>(new LinkedHashSet<>(values));
    if (distinct.isEmpty()) {
      throw new IllegalArgumentException(at() + ": the grid of " + parameter.key()
          + " is empty; give at least one value");
    }
    return distinct;
  }

  private List<Object> range(ConfigObject o, TrialConfig base, Random rng) {
    double from = number(o, "from");
    double to = number(o, "to");
    int count = (int) number(o, "count");
    if (count < 1) {
      throw new IllegalArgumentException(at() + ": count must be >= 1, got " + count
          + " (an empty grid)");
    }
    boolean log = o.containsKey("scale")
        ? scale(o.get("scale")) : parameter.logScaleByDefault();
    boolean random = o.containsKey("random") && Boolean.TRUE.equals(o.get("random").unwrapped());
    double centre = Double.NaN;
    if (o.containsKey("around")) {
      if (!"best".equals(o.get("around").unwrapped())) {
        throw new IllegalArgumentException(at() + ": around takes \"best\", got "
            + o.get("around").render());
      }
      if (base == null) {
        throw new IllegalArgumentException(at() + ": around = best belongs in a refine stage");
      }
      centre = parameter.numberIn(base);
      if (log && !(centre > 0)) {
        throw new IllegalArgumentException(at() + ": cannot refine " + parameter.key()
            + " = " + centre + " on a log scale; use scale = linear");
      }
    }
    if (log && !(from > 0 && to > 0)) {
      throw new IllegalArgumentException(at() + ": a log-scale range needs from and to > 0, got "
          + from + " and " + to + "; use scale = linear");
    }
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double u = random ? rng.nextDouble() : (count == 1 ? 0.0 : (double) i / (count - 1));
      double x = log ? Math.exp(Math.log(from) + u * (Math.log(to) - Math.log(from)))
          : from + u * (to - from);
      if (!Double.isNaN(centre)) {
        x = log ? centre * x : centre + x;
      }
      values.add(parameter.fromNumber(x));
    }
    return values;
  }

  private double number(ConfigObject o, String key) {
    Object v = o.get(key).unwrapped();
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(at() + ": " + key + " must be a number, got "
          + o.get(key).render());
    }
    return n.doubleValue();
  }

  private boolean scale(ConfigValue v) {
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
