package org.bnsweep.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.Setting;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.FinishedTrials;
import org.bnsweep.train.TrialMemory;

/**
 * A sweep's plan as text, without Spark and without training or writing anything: each stage,
 * its type and values, how many trials it trains, how many of them the table already holds and
 * how long the rest should take, estimated from finished trials of the same shape in the table.
 */
public final class DryRun {
  /** Values of an axis shown in full; longer lists show their ends. */
  static final int SHOWN_VALUES = 6;

  private final SweepPlan plan;
  private final List<FinishedTrials.Row> table;
  private final PrintStream out;

  private DryRun(SweepPlan plan, List<FinishedTrials.Row> table, PrintStream out) {
    this.plan = plan;
    this.table = table;
    this.out = out;
  }

  /**
   * Prints the plan; reads the table's trial files, writes nothing. Hadoop, slow to start, is
   * started only if the table is not a local folder that does not exist yet.
   */
  public static void print(SweepPlan plan, Supplier<Configuration> hadoop, PrintStream out) {
    java.nio.file.Path local = absentLocalFolder(plan.results());
    if (local != null) {
      new DryRun(plan.withResults(local.toUri().toString()), List.of(), out).print();
      return;
    }
    Configuration conf = hadoop.get();
    SweepPlan qualified = plan.withResults(SweepRunner.qualified(plan.results(), conf));
    new DryRun(qualified, FinishedTrials.read(qualified.results(), conf), out).print();
  }

  /** The path as an absolute local path if it names a local folder that does not exist. */
  private static java.nio.file.Path absentLocalFolder(String results) {
    try {
      java.net.URI uri = new java.net.URI(results);
      java.nio.file.Path path = uri.getScheme() == null ? java.nio.file.Path.of(results)
          : "file".equals(uri.getScheme()) ? java.nio.file.Path.of(uri) : null;
      return path != null && !java.nio.file.Files.exists(path) ? path.toAbsolutePath() : null;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private void print() {
    Map<String, List<TrialConfig>> planned = plan.planned();
    long tableTrials = table.stream().filter(r -> r.sweep().equals(plan.name())).count();
    out.printf("sweep %s (dry run: nothing is trained or written): %d stages, results in %s"
            + " (%d trials of this sweep there)%n", plan.name(), plan.stages().size(),
        plan.results(), tableTrials);
    int most = 0;
    double seconds = 0;
    boolean estimated = true;
    // An asynchronous stage without a trials budget trains as many as its trial-seconds allow.
    boolean bounded = true;
    for (Stage stage : plan.stages()) {
      List<TrialConfig> configs = planned.get(stage.name());
      StageCount count;
      if (stage.scheduler() instanceof Scheduler.Asha asha) {
        count = asynchronous(stage, asha);
      } else if (stage.scheduler() instanceof Scheduler.Halving h) {
        count = halving(stage, h, configs);
      } else if (stage.sampler().refines().isPresent()) {
        count = refine(stage, stage.sampler().refines().get(), configs, planned);
      } else {
        count = grid(stage, configs);
      }
      most += count.trials();
      bounded &= !(stage.scheduler() instanceof Scheduler.Asha a
          && a.budget().trials().isEmpty());
      if (count.seconds().isPresent()) {
        seconds += count.seconds().getAsDouble();
      } else {
        estimated = false;
      }
      TrialMemory memory = configs.stream().map(TrialMemory::of)
          .max(java.util.Comparator.comparingLong(TrialMemory::bytes)).orElseThrow();
      out.printf("    memory: about %s per trial, beside %s of data per JVM%n",
          TrialMemory.size(memory.bytes()), TrialMemory.size(TrialMemory.dataBytes(plan.data())));
    }
    out.printf("total: %s; %s%n", bounded ? "up to " + most + " trials"
        : "trials depend on results (an asynchronous stage runs until its budget is spent)",
        estimated
        ? "about " + Progress.duration(seconds) + " of trial time (summed over trials: divide by"
            + " the trials that run at once)"
        : "no estimate for every stage (no finished trial of some stage's shape in the table)");
    out.flush();
  }

  /** Trials a stage trains at most, and the trial time of those not yet in the table. */
  private record StageCount(int trials, OptionalDouble seconds) {}

  private StageCount grid(Stage stage, List<TrialConfig> configs) {
    List<TrialConfig> todo = notInTable(configs);
    OptionalDouble seconds = estimate(todo);
    out.printf("[%s] grid: %s = %d trials; %s; %s%n", stage.name(), values(stage, configs),
        configs.size(), held(configs), describe(seconds, todo.size()));
    return new StageCount(configs.size(), seconds);
  }

  private StageCount refine(Stage stage, Sampler.Refinement refinement,
      List<TrialConfig> configs, Map<String, List<TrialConfig>> planned) {
    List<TrialConfig> of = planned.get(refinement.of());
    List<Stage.Base> bases = plan.candidates(refinement.of(), of);
    int perBase = bases.isEmpty() ? 0 : stage.plan(bases.subList(0, 1), plan.seed()).size();
    int most = Math.min(refinement.top(), of.size()) * perBase;
    List<String> parts = new ArrayList<>();
    for (Axis axis : stage.axes()) {
      parts.add(axisText(axis, configs));
    }
    for (Setting<?> s : stage.set()) {
      parts.add("set " + s);
    }
    OptionalDouble perTrial = estimate(configs);
    OptionalDouble seconds = perTrial.isPresent()
        ? OptionalDouble.of(perTrial.getAsDouble() / configs.size() * most) : perTrial;
    out.printf("[%s] refine: top %d of %s%s = up to %d %s; trial ids known once %s has run;"
            + " %s%n", stage.name(), refinement.top(), refinement.of(),
        parts.isEmpty() ? "" : " x " + String.join(" x ", parts), most,
        most == 1 ? "trial" : "trials", refinement.of(),
        describe(seconds, most));
    return new StageCount(most, seconds);
  }

  /**
   * An asynchronous stage: its sampler, scheduler and budget; how many trials it trains depends
   * on their results, so the count is the budget's (or the plan's) and there is no estimate.
   */
  private StageCount asynchronous(Stage stage, Scheduler.Asha asha) {
    List<String> parts = new ArrayList<>();
    for (Axis axis : stage.axes()) {
      parts.add(axisText(axis, List.of()));
    }
    for (Setting<?> s : stage.set()) {
      parts.add("set " + s);
    }
    out.printf("[%s] %s stage: sampler %s, %s; over %s; scheduler %s; trials and their"
            + " count depend on results, so no estimate%n", stage.name(), stage.label(),
        stage.sampler().name(), stage.sampler().explain(), String.join(" x ", parts),
        asha.explain());
    int most = asha.budget().trials().orElse(0);
    return new StageCount(most, OptionalDouble.empty());
  }

  private StageCount halving(Stage stage, Scheduler.Halving h, List<TrialConfig> configs) {
    List<TrialConfig> todo = notInTable(configs);
    StringBuilder rungs = new StringBuilder();
    int alive = todo.size();
    int shown = configs.size();
    double fraction = 0;
    int before = 0;
    for (int r = 0; r < h.rungs().size(); r++) {
      int cycles = h.rungs().get(r);
      rungs.append(r == 0 ? "" : ", ").append(shown).append(" to ").append(cycles)
          .append(cycles == 1 ? " cycle" : " cycles");
      // Estimated cycles trained: those of the still-running trials, rung by rung.
      fraction += (double) alive * (cycles - before) / h.cycles().getAsInt();
      before = cycles;
      alive = alive == 0 ? 0 : h.survivors(alive);
      shown = h.survivors(shown);
    }
    OptionalDouble full = estimate(todo);
    OptionalDouble seconds = full.isPresent() && !todo.isEmpty()
        ? OptionalDouble.of(full.getAsDouble() / todo.size() * fraction) : full;
    out.printf("[%s] halving: %d candidates of %s; rungs %s cycles, keep %s: %s = %d trials;"
            + " %s; %s%n", stage.name(), configs.size(), values(stage, configs), h.rungs(),
        h.keep(), rungs, configs.size(), held(configs), describe(seconds, todo.size()));
    return new StageCount(configs.size(), seconds);
  }

  /** "lambda = [1, 0.1, ..., 1e-09] (10 values) x batch-norm = [true, false]". */
  private static String values(Stage stage, List<TrialConfig> configs) {
    List<String> parts = new ArrayList<>();
    for (Axis axis : stage.axes()) {
      parts.add(axisText(axis, configs));
    }
    for (Setting<?> s : stage.set()) {
      parts.add("set " + s);
    }
    return String.join(" x ", parts);
  }

  private static String axisText(Axis axis, List<TrialConfig> configs) {
    if (axis.distribution() instanceof Distribution.Range r && (r.aroundBest()
        || r.count().isEmpty())) {
      return axis.name() + " {" + (r.aroundBest() ? "around:best," : "")
          + r.count().stream().mapToObj(n -> "count:" + n + ",").findFirst().orElse("")
          + "from:" + r.from() + ",to:" + r.to() + (r.log() ? ",log" : "") + "}";
    }
    List<String> values = new ArrayList<>(new LinkedHashSet<>(configs.stream()
        .map(c -> c.show(axis.parameter())).toList()));
    if (configs.isEmpty() && axis.distribution() instanceof Distribution.Choices c) {
      c.values().forEach(v -> values.add(v.toString().substring(v.toString().indexOf('=') + 1)));
    }
    boolean random = axis.distribution() instanceof Distribution.Range r && r.random();
    return axis.name() + " = " + shortened(values) + (values.size() > SHOWN_VALUES
        || random ? " (" + values.size() + (random ? " random" : "") + " values)" : "");
  }

  /** The list, or its first and last values around "..." if it is long. */
  static String shortened(List<String> values) {
    if (values.size() <= SHOWN_VALUES) {
      return "[" + String.join(", ", values) + "]";
    }
    return "[" + String.join(", ", values.subList(0, 3)) + ", ..., "
        + String.join(", ", values.subList(values.size() - 2, values.size())) + "]";
  }

  private String held(List<TrialConfig> configs) {
    Map<String, TrialStatus> status = statusById();
    long held = configs.stream().filter(c -> status.containsKey(id(c))).count();
    long failed = configs.stream()
        .filter(c -> status.get(id(c)) == TrialStatus.FAILED).count();
    return held + " already in the table" + (failed > 0 ? " (" + failed + " failed, trained"
        + " again)" : "");
  }

  private List<TrialConfig> notInTable(List<TrialConfig> configs) {
    Map<String, TrialStatus> status = statusById();
    return configs.stream().filter(c -> status.get(id(c)) == null
        || status.get(id(c)) == TrialStatus.FAILED).toList();
  }

  private Map<String, TrialStatus> statusById() {
    return table.stream().filter(r -> r.sweep().equals(plan.name()) && r.status() != null)
        .collect(Collectors.toMap(FinishedTrials.Row::trialId, FinishedTrials.Row::status,
            (a, b) -> a));
  }

  private String id(TrialConfig c) {
    return TrialIds.id(c, plan.seed());
  }

  private static String describe(OptionalDouble seconds, int trials) {
    if (trials == 0) {
      return "nothing to train";
    }
    return seconds.isPresent()
        ? "about " + Progress.duration(seconds.getAsDouble()) + " of trial time"
        : "no estimate (no finished trial of this shape in the table)";
  }

  /**
   * The trial time of {@code configs}: each from the ok trials of the table of the same shape
   * (hidden widths, batch size, training size, precision), scaled by updates (2 x step-size x
   * cycles); empty if some config has no such trial.
   */
  private OptionalDouble estimate(List<TrialConfig> configs) {
    double total = 0;
    for (TrialConfig c : configs) {
      OptionalDouble perUpdate = table.stream()
          .filter(r -> r.status() == TrialStatus.OK && sameShape(r, c)
              && r.seconds() != null && r.stepSize() != null && r.cycles() != null)
          .mapToDouble(r -> r.seconds() / (2.0 * r.stepSize() * r.cycles()))
          .average();
      if (perUpdate.isEmpty()) {
        return OptionalDouble.empty();
      }
      total += perUpdate.getAsDouble() * c.totalUpdates();
    }
    return OptionalDouble.of(total);
  }

  private static boolean sameShape(FinishedTrials.Row r, TrialConfig c) {
    return Objects.equals(r.hidden(), c.get(Hyperparameters.HIDDEN))
        && Objects.equals(r.batchSize(), c.get(Hyperparameters.BATCH_SIZE))
        && Objects.equals(r.trainingSize(), c.get(Hyperparameters.TRAINING_SIZE))
        && Objects.equals(r.precision(), column(c, Hyperparameters.PRECISION));
  }

  private static <T> Object column(TrialConfig c, Hyperparameter<T> p) {
    return p.type().toColumn(c.get(p));
  }
}
