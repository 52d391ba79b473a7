package org.bnsweep.sweep;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Setting;
import org.bnsweep.params.TrialConfig;

/**
 * One axis of a stage's search space: a hyperparameter and its {@link Distribution}, read once
 * from a sweep file: a list ({@code lambda = [0.1, 0.01]}), a range ({@code {from = 1e-9, to = 1,
 * count = 10}}, spaced on the parameter's scale unless {@code scale = linear | log} says
 * otherwise), random draws from a range ({@code random = true}, log-uniform on a log scale, from a
 * seeded generator), or, in a refinement, a range around each chosen trial's own value ({@code
 * around = best}: factors on a log scale, offsets on a linear one). A sampler that learns (tpe,
 * random) takes ranges without a count.
 *
 * @param name the name the file used ({@code sigma} is init given as a number)
 * @param at names the axis and its origin in errors: "stage coarse, grid lambda (x.conf: 7)"
 */
public record Axis(Hyperparameter<?> parameter, String name, Distribution distribution,
    String at) {

  /** More values than this in one axis is a typo (count = 1e10), not a plan. */
  static final int MAX_COUNT = 10_000;

  private static final Set<String> RANGE_KEYS =
      Set.of("from", "to", "count", "scale", "random", "around");

  /** Reads and checks an axis; {@code where} names it in errors ("stage coarse, grid lambda"). */
  public static Axis parse(Hyperparameter<?> p, String name, ConfigValue spec, String where) {
    String at = where + " (" + spec.origin().description() + ")";
    if (spec instanceof ConfigObject o) {
      return new Axis(p, name, range(p, name, o, at), at);
    }
    List<Setting<?>> values = new ArrayList<>();
    if (spec instanceof ConfigList list) {
      for (ConfigValue v : list) {
        values.add(p.parse(v, where));
      }
    } else {
      values.add(p.parse(spec, where));
    }
    List<Setting<?>> distinct = new ArrayList<>(new LinkedHashSet<>(values));
    if (distinct.isEmpty()) {
      throw new IllegalArgumentException(at + ": the grid of " + name
          + " is empty; give at least one value");
    }
    return new Axis(p, name, new Distribution.Choices(distinct), at);
  }

  private static Distribution.Range range(Hyperparameter<?> p, String name, ConfigObject o,
      String at) {
    for (String k : o.keySet()) {
      if (!RANGE_KEYS.contains(k)) {
        throw new IllegalArgumentException(at + ": unknown range key \"" + k
            + "\"; a range takes " + RANGE_KEYS);
      }
    }
    if (!p.type().numeric()) {
      throw new IllegalArgumentException(at + ": " + name
          + " is not a number, so it takes a list of values, not a range");
    }
    for (String k : List.of("from", "to")) {
      if (!o.containsKey(k)) {
        throw new IllegalArgumentException(at + ": a range needs from, to and count;"
            + " " + k + " is missing");
      }
    }
    double from = number(o, "from", at);
    double to = number(o, "to", at);
    boolean log = o.containsKey("scale") ? logScale(o.get("scale"), at)
        : p.scale() == Hyperparameter.Scale.LOG;
    boolean around = false;
    if (o.containsKey("around")) {
      if (!"best".equals(o.get("around").unwrapped())) {
        throw new IllegalArgumentException(at + ": around takes \"best\", got "
            + o.get("around").render(ConfigRenderOptions.concise()));
      }
      around = true;
    }
    if (log && !(from > 0 && to > 0)) {
      throw new IllegalArgumentException(at + ": a log-scale range needs from and to > 0, got "
          + from + " and " + to + "; use scale = linear");
    }
    OptionalInt count = o.containsKey("count") ? OptionalInt.of(count(o.get("count"), at))
        : OptionalInt.empty();
    return new Distribution.Range(from, to, count, log, random(o, at), around);
  }

  /** True if a grid can take this axis's values: a list, or a range with a count. */
  boolean countable() {
    return !(distribution instanceof Distribution.Range r) || r.count().isPresent();
  }

  /**
   * The settings a grid takes, in order and without repeats.
   *
   * @param base the trial a relative range is centred on (null for absolute axes)
   * @param baseName names that trial in errors ("trial 3f2a... of stage coarse")
   * @param rng the generator random draws come from
   */
  public List<Setting<?>> values(TrialConfig base, String baseName, Random rng) {
    if (distribution instanceof Distribution.Choices c) {
      return c.values();
    }
    Distribution.Range r = (Distribution.Range) distribution;
    if (r.count().isEmpty()) {
      throw new IllegalArgumentException(at + ": a grid needs a count for the range of " + name
          + " (or use a sampler that draws, such as sampler { type = tpe })");
    }
    List<Setting<?>> values = new ArrayList<>(rangeValues(parameter, r, base, baseName, rng));
    return new ArrayList<>(new LinkedHashSet<>(values));
  }

  private <T> List<Setting<?>> rangeValues(Hyperparameter<T> p, Distribution.Range r,
      TrialConfig base, String baseName, Random rng) {
    double centre = r.aroundBest() ? centre(p, r, base, baseName) : Double.NaN;
    int count = r.count().getAsInt();
    List<Setting<?>> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double u = r.random() ? rng.nextDouble() : (count == 1 ? 0.0 : (double) i / (count - 1));
      double x = r.at(u);
      if (!Double.isNaN(centre)) {
        x = r.log() ? centre * x : centre + x;
      }
      values.add(setting(p, x));
    }
    return values;
  }

  /** The setting of this axis's parameter nearest to {@code x} (rounded for whole numbers). */
  Setting<?> setting(double x) {
    return setting(parameter, x);
  }

  private <T> Setting<T> setting(Hyperparameter<T> p, double x) {
    T value = p.type().fromNumber(x);
    try {
      return Setting.of(p, p.checked(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage() + "; narrow the range", e);
    }
  }

  private <T> double centre(Hyperparameter<T> p, Distribution.Range r, TrialConfig base,
      String baseName) {
    if (base == null) {
      throw new IllegalArgumentException(at + ": around = best belongs in a refine stage");
    }
    T value = base.get(p);
    if (!p.type().hasNumber(value)) {
      throw new IllegalArgumentException(at + ": " + baseName + " has " + p.name() + " = "
          + value + ", which has no " + name + " to refine around; refine only trials that"
          + " set " + name + " (e.g. a coarse grid over " + name + ")");
    }
    double centre = p.type().toNumber(value);
    if (r.log() && !(centre > 0)) {
      throw new IllegalArgumentException(at + ": cannot refine " + name + " = " + centre
          + " of " + baseName + " on a log scale; use scale = linear");
    }
    return centre;
  }

  private static int count(ConfigValue v, String at) {
    Object n = v.unwrapped();
    if (!(n instanceof Integer || n instanceof Long) || ((Number) n).longValue() < 1
        || ((Number) n).longValue() > MAX_COUNT) {
      throw new IllegalArgumentException(at + ": count must be a whole number from 1 to "
          + MAX_COUNT + ", got " + v.render(ConfigRenderOptions.concise()));
    }
    return ((Number) n).intValue();
  }

  private static boolean random(ConfigObject o, String at) {
    if (!o.containsKey("random")) {
      return false;
    }
    ConfigValue v = o.get("random");
    if (v.valueType() != ConfigValueType.BOOLEAN) {
      throw new IllegalArgumentException(at + ": random must be true or false, got "
          + v.render(ConfigRenderOptions.concise()));
    }
    return (Boolean) v.unwrapped();
  }

  private static double number(ConfigObject o, String key, String at) {
    Object v = o.get(key).unwrapped();
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException(at + ": " + key + " must be a number, got "
          + o.get(key).render(ConfigRenderOptions.concise()));
    }
    return n.doubleValue();
  }

  private static boolean logScale(ConfigValue v, String at) {
    if (v.valueType() == ConfigValueType.STRING) {
      String s = (String) v.unwrapped();
      if (s.equals("log")) {
        return true;
      }
      if (s.equals("linear")) {
        return false;
      }
    }
    throw new IllegalArgumentException(at + ": scale must be log or linear, got " + v.render(ConfigRenderOptions.concise()));
  }
}
