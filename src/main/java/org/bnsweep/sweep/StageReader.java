package org.bnsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.Setting;

/**
 * Reads one element of {@code bnsweep.sweep.stages} into a {@link Stage}. Two forms:
 * <pre>
 *   { name = coarse, type = grid, grid { lambda = [...] } }                  # and refine, halving
 *   { name = search, sampler { type = tpe }, space { lambda = { from = 1e-5, to = 1e-1 } }
 *     scheduler { type = asha, rungs = [1, 3], eta = 3, budget { trial-seconds = 1500 } } }
 * </pre>
 * The short {@code type} form names the three stages sweeps had before samplers and schedulers
 * were separate: a grid and a refinement train to the end, a halving is a grid of
 * {@code candidates} under synchronous halving.
 */
final class StageReader {
  private StageReader() {}

  /**
   * A problem already placed in its stage ("sweep stage 2 (x.conf: 9): ..."); any other error
   * from inside a stage is placed once where it is caught.
   */
  static final class StageError extends IllegalArgumentException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    StageError(String message) {
      super(message);
    }

    StageError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads a sampler's block; adding a sampler is a class and a line here. */
  private interface SamplerReader {
    Sampler read(Config block, List<Axis> space, String where);
  }

  private static final Map<String, SamplerReader> SAMPLERS = Map.of(
      "grid", (c, space, where) -> new GridSampler(space),
      "refine", (c, space, where) -> new RefineSampler(refinement(c, where), space),
      "random", (c, space, where) -> new RandomSampler(space),
      "tpe", (c, space, where) -> new TpeSampler(space,
          intOr(c, "startup", TpeSampler.STARTUP, where),
          intOr(c, "candidates", TpeSampler.CANDIDATES, where)));

  private static final Set<String> KEYS = Set.of("name", "type", "of", "top", "set", "grid",
      "candidates", "rungs", "keep", "sampler", "scheduler", "space");

  static Stage read(ConfigObject object, int index) {
    String where = "sweep stage " + (index + 1) + " (" + object.origin().description() + ")";
    for (String k : object.keySet()) {
      if (!KEYS.contains(k)) {
        throw new StageError(where + ": unknown key \"" + k + "\"; a stage takes "
            + KEYS);
      }
    }
    Config c = object.toConfig();
    if (!c.hasPath("name")) {
      throw new StageError(where + ": every stage needs a name");
    }
    String name = c.getString("name");
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new StageError(where + ": stage name \"" + name
          + "\" must start with a letter and hold only letters, digits, _ and -");
    }
    String at = "stage " + name;
    List<Setting<?>> set = new ArrayList<>();
    if (c.hasPath("set")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("set").entrySet()) {
        set.add(parameter(e.getKey(), at + ", set").parse(e.getValue(), at + ", set"));
      }
    }
    Stage stage = c.hasPath("sampler") ? adaptive(c, name, set, where)
        : byType(c, name, set, where);
    checkAxes(stage, set, where);
    return stage;
  }

  /** The kinds the short form names, read from the conf's word once. */
  private enum ShortType {
    GRID, REFINE, HALVING;

    static Optional<ShortType> of(String word) {
      return Arrays.stream(values()).filter(t -> t.word().equals(word)).findFirst();
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The short form: {@code type = grid | refine | halving}. */
  private static Stage byType(Config c, String name, List<Setting<?>> set, String where) {
    String word = c.hasPath("type") ? c.getString("type") : "";
    ShortType type = ShortType.of(word).orElseThrow(() -> new StageError(where + ": stage "
        + name + " has type \"" + word + "\"; a stage's type is grid, refine or halving, or it"
        + " names a sampler { type = ... } ("
        + String.join(", ", SAMPLERS.keySet().stream().sorted().toList()) + ")"));
    for (String k : List.of("scheduler", "space")) {
      if (c.hasPath(k)) {
        throw new StageError(where + ": " + k + " belongs to stages with a"
            + " sampler { type = ... }, not to a " + type.word() + " stage");
      }
    }
    boolean halving = type == ShortType.HALVING;
    if (type != ShortType.REFINE && (c.hasPath("of") || c.hasPath("top"))) {
      throw new StageError(where + ": of and top belong to refine stages");
    }
    String axesKey = halving ? "candidates" : "grid";
    String otherKey = halving ? "grid" : "candidates";
    if (c.hasPath(otherKey)) {
      throw new StageError(where + ": a " + type.word() + " stage lists its"
          + " values under " + axesKey + " { ... }, not " + otherKey);
    }
    List<Axis> axes = axes(c, axesKey, "stage " + name);
    Sampler sampler = type == ShortType.REFINE
        ? new RefineSampler(refinement(c, where + ": refine stage " + name), axes)
        : new GridSampler(axes);
    Scheduler scheduler = new Scheduler.ToEnd();
    if (halving) {
      scheduler = halving(c, where);
      if (axes.isEmpty()) {
        throw new StageError(where + ": halving stage " + name + " has no"
            + " candidates; give values, e.g. candidates { lambda = [0.01, 0.001] }");
      }
    } else {
      for (String k : List.of("rungs", "keep")) {
        if (c.hasPath(k)) {
          throw new StageError(where + ": " + k + " belongs to halving stages");
        }
      }
    }
    if (type == ShortType.GRID && axes.isEmpty()) {
      throw new StageError(where + ": grid stage " + name + " has an empty grid;"
          + " give values, e.g. grid { lambda = [0.01, 0.001] }");
    }
    return new Stage(name, sampler, scheduler, set);
  }

  /** The long form: {@code sampler { ... }, space { ... }, scheduler { ... }}. */
  private static Stage adaptive(Config c, String name, List<Setting<?>> set, String where) {
    for (String k : List.of("type", "of", "top", "grid", "candidates", "rungs", "keep")) {
      if (c.hasPath(k)) {
        throw new StageError(where + ": stage " + name + " names a sampler, so "
            + k + " goes inside sampler { ... } or scheduler { ... }, and its axes under"
            + " space { ... }");
      }
    }
    Config block = c.getConfig("sampler");
    String type = block.hasPath("type") ? block.getString("type") : "";
    SamplerReader reader = SAMPLERS.get(type);
    if (reader == null) {
      throw new StageError(where + ": stage " + name + " has sampler type \""
          + type + "\"; a sampler is one of "
          + SAMPLERS.keySet().stream().sorted().toList());
    }
    List<Axis> space = axes(c, "space", "stage " + name);
    if (space.isEmpty()) {
      throw new StageError(where + ": stage " + name + " has an empty space;"
          + " give axes, e.g. space { lambda = { from = 1e-5, to = 1e-1 } }");
    }
    Sampler sampler;
    try {
      sampler = reader.read(block, space, where + ": sampler");
    } catch (StageError e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new StageError(where + ": sampler: " + e.getMessage(), e);
    }
    Scheduler scheduler = c.hasPath("scheduler") ? scheduler(c.getConfig("scheduler"), where)
        : new Scheduler.ToEnd();
    Stage stage = new Stage(name, sampler, scheduler, set);
    boolean planned = stage.planned();
    if (!planned && !(scheduler instanceof Scheduler.Asha)) {
      throw new StageError(where + ": sampler " + sampler.name() + " of stage "
          + name + " learns from results, so it needs scheduler { type = asha, rungs = [...],"
          + " budget { ... } } (one rung, e.g. [3], trains every trial to the end)");
    }
    if (!planned && scheduler instanceof Scheduler.Asha a && a.budget().trials().isEmpty()
        && a.budget().trialSeconds().isEmpty()) {
      throw new StageError(where + ": sampler " + sampler.name() + " of stage "
          + name + " proposes without end; give the scheduler a budget { trials = N } or"
          + " budget { trial-seconds = S }");
    }
    return stage;
  }

  private static Scheduler scheduler(Config c, String where) {
    String type = c.hasPath("type") ? c.getString("type") : "";
    try {
      return switch (type) {
        case "to-end" -> new Scheduler.ToEnd();
        case "halving" -> halving(c, where);
        case "asha" -> new Scheduler.Asha(rungs(c, where), c.hasPath("eta") ? c.getInt("eta")
            : 3, budget(c, where));
        default -> throw new IllegalArgumentException("scheduler type \"" + type + "\" is not"
            + " one of [to-end, halving, asha]");
      };
    } catch (StageError e) {
      throw e;
    } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
      throw new StageError(where + ": " + e.getMessage(), e);
    }
  }

  private static Scheduler.Budget budget(Config c, String where) {
    if (!c.hasPath("budget")) {
      return new Scheduler.Budget(OptionalInt.empty(), OptionalDouble.empty());
    }
    Config b = c.getConfig("budget");
    for (String k : b.root().keySet()) {
      if (!Set.of("trials", "trial-seconds").contains(k)) {
        throw new StageError(where + ": unknown budget key \"" + k
            + "\"; a budget takes trials and trial-seconds");
      }
    }
    return new Scheduler.Budget(
        b.hasPath("trials") ? OptionalInt.of(b.getInt("trials")) : OptionalInt.empty(),
        b.hasPath("trial-seconds") ? OptionalDouble.of(b.getDouble("trial-seconds"))
            : OptionalDouble.empty());
  }

  private static Scheduler.Halving halving(Config c, String where) {
    if (!c.hasPath("rungs") || !c.hasPath("keep")) {
      throw new StageError(where + ": a halving stage needs rungs (cycles, e.g."
          + " [1, 2, 4]) and keep (the fraction that goes on, e.g. 0.3333)");
    }
    List<Integer> rungs = rungs(c, where);
    ConfigValue k = c.getValue("keep");
    if (!(k.unwrapped() instanceof Number n) || !(n.doubleValue() > 0 && n.doubleValue() < 1)) {
      throw new StageError(where + ": keep must be a fraction in (0, 1), such as"
          + " 0.3333, got " + k.render(ConfigRenderOptions.concise()));
    }
    return new Scheduler.Halving(rungs, n.doubleValue());
  }

  private static List<Integer> rungs(Config c, String where) {
    if (!c.hasPath("rungs")) {
      throw new StageError(where + ": the scheduler needs rungs (cycles, e.g."
          + " [1, 3])");
    }
    ConfigValue list = c.getValue("rungs");
    List<Integer> rungs = new ArrayList<>();
    if (list instanceof ConfigList l) {
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
      throw new StageError(where + ": rungs must list whole numbers of cycles"
          + " >= 1, strictly increasing, such as [1, 2, 4]; got " + list.render(ConfigRenderOptions.concise()));
    }
    return rungs;
  }

  private static Sampler.Refinement refinement(Config c, String where) {
    if (!c.hasPath("of")) {
      throw new StageError(where + " needs of = <an earlier stage's name>");
    }
    int top = c.hasPath("top") ? c.getInt("top") : 1;
    if (top < 1) {
      throw new StageError(where + ": top must be >= 1, got " + top);
    }
    return new Sampler.Refinement(c.getString("of"), top);
  }

  private static int intOr(Config c, String key, int fallback, String where) {
    for (String k : c.root().keySet()) {
      if (!Set.of("type", "startup", "candidates", "of", "top").contains(k)) {
        throw new StageError(where + ": unknown key \"" + k + "\"");
      }
    }
    return c.hasPath(key) ? c.getInt(key) : fallback;
  }

  /** The axes under {@code key}, in the order of {@link Hyperparameters#ALL}. */
  private static List<Axis> axes(Config c, String key, String at) {
    List<Axis> axes = new ArrayList<>();
    if (c.hasPath(key)) {
      for (Map.Entry<String, ConfigValue> e : c.getObject(key).entrySet()) {
        Hyperparameter<?> p = parameter(e.getKey(), at + ", " + key);
        axes.add(Axis.parse(p, e.getKey(), e.getValue(), at + ", " + key + " " + e.getKey()));
      }
    }
    // HOCON objects are unordered: a fixed order makes the trial order reproducible.
    axes.sort(Comparator.comparing(a -> Hyperparameters.ALL.indexOf(a.parameter())));
    return axes;
  }

  private static void checkAxes(Stage stage, List<Setting<?>> set, String where) {
    List<Axis> axes = stage.axes();
    long distinct = axes.stream().map(Axis::parameter).distinct().count();
    if (distinct < axes.size()) {
      throw new StageError(where + ": stage " + stage.name() + " varies init and"
          + " sigma together; they are one parameter, so keep one of them");
    }
    if (stage.scheduler().cycles().isPresent()) {
      boolean setsCycles = set.stream().anyMatch(v -> v.parameter() == Hyperparameters.CYCLES)
          || axes.stream().anyMatch(a -> a.parameter() == Hyperparameters.CYCLES);
      if (setsCycles) {
        throw new StageError(where + ": " + stage.scheduler().name() + " stage "
            + stage.name() + " sets cycles; its trials' cycles are its rungs, so remove cycles");
      }
    }
  }

  /** The hyperparameter a stage names, or an error listing the names it may use. */
  private static Hyperparameter<?> parameter(String name, String where) {
    Hyperparameter<?> p = Hyperparameters.forName(name);
    if (p == null || !p.sweepable()) {
      throw new StageError(where + ": " + (p == null ? "unknown parameter \""
          + name + "\"" : name + " is fixed for the whole sweep (set it under bnsweep.data)")
          + "; a stage varies or sets one of " + Hyperparameters.sweepableNames());
    }
    return p;
  }
}
