package org.bnsweep.sweep;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.Setting;
import org.bnsweep.params.TrialConfig;

/**
 * Runs a stage under {@link Scheduler.Asha}: keeps {@code slots} trial segments running, and
 * whenever one ends decides the next from the stage's durable facts (Li et al. 2020, Algorithm
 * 2): promote the best trial not yet promoted in the top 1/eta of the highest rung that has one,
 * else start the sampler's next proposal at rung 0, until the budget is spent. Spark-free: the
 * segments run through {@link Segments}, the facts live in {@link StageFacts}.
 *
 * <p>What is reproducible: a trial's numbers are a function of its id at any parallelism, as
 * everywhere. Which trials are promoted and what the sampler proposes depend on the order in
 * which segments finish, so two runs with more than one slot may decide differently; with one
 * slot a run decides the same every time.
 */
final class AsyncHalving {

  /** Runs one segment (a trial to a rung) to its end; called from several threads at once. */
  interface Segments {
    Segment run(TrialTask task);
  }

  /**
   * What a finished stage did.
   *
   * @param trained trials this run trained (a segment or more)
   * @param updates updates this run trained
   */
  record Result(List<String> trialIds, int trained, long updates) {}

  private final Stage stage;
  private final Scheduler.Asha asha;
  private final List<Stage.Base> bases;
  private final long sweepSeed;
  private final StageFacts facts;
  private final Segments segments;
  private final int slots;
  private final Function<TrialConfig, TrialTask> taskOf;
  private final PrintStream out;

  /** The stage's trials by id, in the order they were proposed. */
  private final Map<String, Trial> trials = new LinkedHashMap<>();
  /** Proposals asked of a sampler for one new trial before it counts as having no more. */
  private static final int MAX_ATTEMPTS = 100;
  private int decisions;
  private final java.util.Set<String> trained = new java.util.HashSet<>();
  private long updates;

  /** One trial: its task, the rung it was last sent to, and what it left at each rung. */
  private static final class Trial {
    final TrialTask task;
    int decided;
    /** The order of the decision that sent it to each rung. */
    final Map<Integer, Integer> orders = new HashMap<>();
    final Map<Integer, Segment> reached = new HashMap<>();
    boolean ended;

    Trial(TrialTask task) {
      this.task = task;
    }

    double seconds() {
      return reached.values().stream().mapToDouble(Segment::seconds).max().orElse(0);
    }

    int completed() {
      return reached.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    }
  }

  AsyncHalving(Stage stage, List<Stage.Base> bases, long sweepSeed, StageFacts facts,
      Segments segments, int slots, Function<TrialConfig, TrialTask> taskOf, PrintStream out) {
    this.stage = stage;
    this.asha = (Scheduler.Asha) stage.scheduler();
    this.bases = bases;
    this.sweepSeed = sweepSeed;
    this.facts = facts;
    this.segments = segments;
    this.slots = slots;
    this.taskOf = taskOf;
    this.out = out;
  }

  Result run() {
    Deque<TrialTask> unfinished = rebuild();
    ExecutorService pool = Executors.newFixedThreadPool(slots, r -> {
      Thread t = new Thread(r, "bnsweep " + stage.name() + " segment");
      t.setDaemon(true);
      return t;
    });
    ExecutorCompletionService<Map.Entry<TrialTask, Segment>> done =
        new ExecutorCompletionService<>(pool);
    Map<String, TrialTask> running = new LinkedHashMap<>();
    try {
      while (true) {
        while (running.size() < slots) {
          TrialTask next = unfinished.isEmpty() ? decide(running.values()) : unfinished.poll();
          if (next == null) {
            break;
          }
          running.put(next.trialId(), next);
          done.submit(() -> Map.entry(next, segments.run(next)));
        }
        if (running.isEmpty()) {
          break;
        }
        Map.Entry<TrialTask, Segment> finished = take(done);
        running.remove(finished.getKey().trialId());
        trained.add(finished.getKey().trialId());
        updates += finished.getValue().updates();
        note(finished.getKey(), finished.getValue());
      }
    } finally {
      pool.shutdownNow();
    }
    stopPaused();
    return new Result(List.copyOf(trials.keySet()), trained.size(), updates);
  }

  private static Map.Entry<TrialTask, Segment> take(
      ExecutorCompletionService<Map.Entry<TrialTask, Segment>> done) {
    try {
      Future<Map.Entry<TrialTask, Segment>> f = done.take();
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trials were training", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new IllegalStateException(e.getCause());
    }
  }

  /**
   * Reads the decisions taken and what their segments left; returns the segments that were
   * decided but never reached their rung (a driver died while they trained), to run first.
   */
  private Deque<TrialTask> rebuild() {
    Deque<TrialTask> unfinished = new ArrayDeque<>();
    for (StageFacts.Decision d : facts.decisions()) {
      Trial t = trials.computeIfAbsent(d.trialId(), id -> new Trial(taskOf.apply(d.config())));
      t.decided = Math.max(t.decided, d.rung());
      t.orders.put(d.rung(), d.order());
      decisions = Math.max(decisions, d.order() + 1);
    }
    for (Trial t : trials.values()) {
      for (int r = 0; r <= t.decided; r++) {
        TrialTask atRung = at(t, r);
        Optional<Segment> s = facts.reached(atRung);
        if (s.isPresent()) {
          t.reached.put(r, s.get());
          t.ended |= s.get().row();
        } else if (r == t.decided && !t.ended) {
          unfinished.add(atRung);
        }
      }
    }
    if (!trials.isEmpty()) {
      out.printf("[%s] continues: %d decisions taken, %d trials, %d segments to finish first;"
          + " %.0f trial-seconds spent%n", stage.name(), decisions, trials.size(),
          unfinished.size(), spent());
    }
    return unfinished;
  }

  /** The next segment to run, recorded before it starts; null if none (budget, sampler). */
  private TrialTask decide(java.util.Collection<TrialTask> running) {
    Optional<Trial> promoted = promotion();
    TrialTask next;
    if (promoted.isPresent()) {
      Trial t = promoted.get();
      if (!affordable(t.task.config(), t.decided + 1, running)) {
        return null;
      }
      t.decided++;
      next = at(t, t.decided);
    } else {
      int proposed = trials.size();
      if (asha.budget().trials().isPresent() && proposed >= asha.budget().trials().getAsInt()) {
        return null;
      }
      TrialConfig config = null;
      // A trial the stage has already is no new proposal (nothing is learnt by training it
      // again): the sampler is asked again, with the next draws.
      for (int attempt = 0; attempt < MAX_ATTEMPTS && config == null; attempt++) {
        TrialConfig c = propose(attempt);
        if (c == null) {
          return null;
        }
        config = trials.containsKey(taskOf.apply(c).trialId()) ? null : c;
      }
      if (config == null || !affordable(config, 0, running)) {
        return null;
      }
      TrialTask task = taskOf.apply(config);
      Trial t = new Trial(task);
      trials.put(task.trialId(), t);
      next = at(t, 0);
    }
    facts.record(new StageFacts.Decision(decisions, next.trialId(), next.rung(),
        next.config()));
    trials.get(next.trialId()).orders.put(next.rung(), decisions++);
    return at(trials.get(next.trialId()), next.rung());
  }

  /**
   * ASHA's promotion: for each rung below the last, highest first, the trials that completed it
   * ranked by validation accuracy (ties to the smaller id); the best of its top
   * floor(n / eta) not yet sent on.
   */
  private Optional<Trial> promotion() {
    for (int k = lastRung() - 1; k >= 0; k--) {
      int rung = k;
      List<Trial> completed = trials.values().stream().filter(t -> t.reached.containsKey(rung))
          .sorted(Comparator.comparingDouble((Trial t) -> rankScore(t, rung))
              .thenComparing(t -> t.task.trialId()))
          .toList();
      int top = completed.size() / asha.eta();
      for (Trial t : completed.subList(0, top)) {
        if (t.decided == rung && !t.ended && Double.isFinite(t.reached.get(rung).score())) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  private static double rankScore(Trial t, int rung) {
    double score = t.reached.get(rung).score();
    return Double.isFinite(score) ? -score : Double.POSITIVE_INFINITY;
  }

  /**
   * The sampler's next proposal, its {@code attempt}-th try; null when a planning sampler has
   * proposed all it had.
   */
  private TrialConfig propose(int attempt) {
    Optional<List<Sampler.Point>> plan = stage.sampler().plan(bases,
        new java.util.Random(sweepSeed * 1_000_003L + stage.name().hashCode()));
    if (plan.isPresent()) {
      List<Sampler.Point> points = plan.get();
      for (Sampler.Point p : points) {
        TrialConfig c = stage.config(p.base(), p.settings());
        if (!trials.containsKey(taskOf.apply(c).trialId())) {
          return c;
        }
      }
      return null;
    }
    List<Setting<?>> point = stage.sampler().next(history(),
        stage.proposalRandom(sweepSeed, decisions * MAX_ATTEMPTS + attempt));
    return stage.config(bases.get(0), point);
  }

  /**
   * Every trial proposed so far, scored at the highest rung where enough trials have a score
   * for the sampler to learn from (as BOHB); a trial that has none there counts as bad.
   */
  private List<Sampler.Observation> history() {
    int needed = Math.max(stage.sampler().observationsToLearn(), stage.axes().size() + 2);
    int rung = 0;
    for (int r = lastRung(); r > 0; r--) {
      int rr = r;
      if (trials.values().stream().filter(t -> scored(t, rr)).count() >= needed) {
        rung = r;
        break;
      }
    }
    int learnFrom = rung;
    return trials.values().stream().map(t -> new Sampler.Observation(t.task.config(),
        scored(t, learnFrom) ? OptionalDouble.of(t.reached.get(learnFrom).score())
            : OptionalDouble.empty())).toList();
  }

  private static boolean scored(Trial t, int rung) {
    return t.reached.containsKey(rung) && Double.isFinite(t.reached.get(rung).score());
  }

  /** True if the segment fits in the trial-seconds budget with those already running. */
  private boolean affordable(TrialConfig config, int rung,
      java.util.Collection<TrialTask> running) {
    if (asha.budget().trialSeconds().isEmpty()) {
      return true;
    }
    double committed = spent() + running.stream()
        .mapToDouble(t -> cost(t.config(), t.rung())).sum();
    return committed + cost(config, rung) <= asha.budget().trialSeconds().getAsDouble();
  }

  /**
   * The seconds a segment to {@code rung} is expected to take: its cycles times the mean
   * seconds per cycle of finished segments of the same widths and batch size (of any shape
   * if none; 0 before any finished).
   */
  private double cost(TrialConfig config, int rung) {
    int cycles = asha.rungs().get(rung) - (rung == 0 ? 0 : asha.rungs().get(rung - 1));
    OptionalDouble same = perCycle(t -> sameShape(t.task.config(), config));
    double perCycle = same.orElse(perCycle(t -> true).orElse(0));
    return cycles * perCycle;
  }

  private OptionalDouble perCycle(java.util.function.Predicate<Trial> which) {
    return trials.values().stream().filter(which).filter(t -> t.reached.containsKey(0))
        .mapToDouble(t -> t.reached.get(0).seconds() / asha.rungs().get(0)).average();
  }

  private static boolean sameShape(TrialConfig a, TrialConfig b) {
    return a.get(Hyperparameters.HIDDEN).equals(b.get(Hyperparameters.HIDDEN))
        && a.get(Hyperparameters.BATCH_SIZE).equals(b.get(Hyperparameters.BATCH_SIZE));
  }

  private double spent() {
    return trials.values().stream().mapToDouble(Trial::seconds).sum();
  }

  private void note(TrialTask task, Segment s) {
    Trial t = trials.get(task.trialId());
    t.reached.put(task.rung(), s);
    t.ended |= s.row();
    String budget = asha.budget().trialSeconds().isPresent()
        ? String.format(java.util.Locale.ROOT, " of %.0f", asha.budget().trialSeconds()
            .getAsDouble()) : "";
    out.printf(java.util.Locale.ROOT, "[%s] trial %s to rung %d/%d (%d %s): %s val %.4f;"
            + " %.0f%s trial-seconds spent%n", stage.name(), task.trialId(), task.rung() + 1,
        asha.rungs().size(), task.untilCycle(), task.untilCycle() == 1 ? "cycle" : "cycles",
        s.status().label(), s.score(), spent(), budget);
    out.flush();
  }

  /** Gives every trial paused at a rung below the last its stopped row. */
  private void stopPaused() {
    for (Trial t : trials.values()) {
      if (!t.ended && t.completed() >= 0 && t.completed() < lastRung()) {
        facts.stop(at(t, t.completed()));
        t.ended = true;
      }
    }
  }

  private int lastRung() {
    return asha.rungs().size() - 1;
  }

  private TrialTask at(Trial t, int rung) {
    TrialTask task = t.task.atRung(rung, asha.rungs().get(rung));
    Integer order = t.orders.get(rung);
    return order == null ? task : task.decided(order);
  }
}
