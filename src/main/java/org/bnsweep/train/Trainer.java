package org.bnsweep.train;

import static org.bnsweep.params.Hyperparameters.CYCLES;
import static org.bnsweep.params.Hyperparameters.LAMBDA;
import static org.bnsweep.params.Hyperparameters.STEP_SIZE;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.Network;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;

/**
 * Trains one network, or a pack of networks on shared mini-batches, and evaluates each after
 * every epoch and at the end of every learning-rate cycle. A pure function of the trial configs,
 * the data and the seeds: the same inputs give the same numbers, bit for bit, whether the trials
 * ran in one go or were continued from {@link Checkpoint}s taken at the ends of their cycles. A
 * trial trained in a pack gives the numbers it gives alone with the same initialisation and
 * order seeds, up to the rounding of the stacked first-layer products (BLAS may block a
 * product of K x 50 rows differently from one of 50).
 */
public final class Trainer {
  private Trainer() {}

  /** What a caller hears of a trial as it goes on. */
  public interface Listener {
    /** After every evaluation: each epoch's end, each cycle's end. */
    default void evaluated(EpochRecord point) {}

    /**
     * At the end of every cycle before the config's last, with the state to continue from. A
     * listener that throws stops the trial there (the checkpoint it saved stays usable); in a
     * pack, it stops the whole pack.
     */
    default void cycleDone(Checkpoint checkpoint) {}
  }

  /**
   * One trial of a pack.
   *
   * @param seed the seed of its initialisation
   * @param from where it continues; empty to start from update zero
   */
  public record Member(TrialConfig config, long seed, Optional<Checkpoint> from,
      Listener listener) {}

  public static TrialResult train(TrialConfig config, long seed, CifarData data) {
    return train(config, seed, data, e -> {});
  }

  /**
   * Trains to the end, calling {@code onEpoch} after every evaluation.
   *
   * @param seed the seed of the initialisation and of the shuffling
   */
  public static TrialResult train(TrialConfig config, long seed, CifarData data,
      Consumer<EpochRecord> onEpoch) {
    return train(config, seed, data, config.get(CYCLES), Optional.empty(), new Listener() {
      @Override
      public void evaluated(EpochRecord point) {
        onEpoch.accept(point);
      }
    });
  }

  /**
   * Trains until {@code untilCycle} full cycles are done, from the start or from a checkpoint of
   * the same trial. A run that stops before the config's last cycle ends {@code stopped}, without
   * a test accuracy; continuing it later gives the numbers of a run that never stopped.
   *
   * @param seed the seed of the initialisation and of the shuffling
   * @param untilCycle from 1 to the config's cycles
   * @param from where to continue; empty to start from update zero
   */
  public static TrialResult train(TrialConfig config, long seed, CifarData data, int untilCycle,
      Optional<Checkpoint> from, Listener listener) {
    return trainPack(List.of(new Member(config, seed, from, listener)), seed, data, untilCycle)
        .get(0);
  }

  /**
   * Trains a pack until {@code untilCycle} full cycles are done: every member on the order of
   * mini-batches drawn from {@code orderSeed}, each from its own initialisation seed, their
   * first layers' products computed as one. The members must agree on batch size, precision,
   * step size and cycles, and either all continue from checkpoints of the same cycle or all start
   * from zero. A member that diverges leaves; the others go on unchanged. A member's seconds are
   * its share of the pack's: the wall time of shared work is split among the members doing it.
   *
   * @return each member's result, in order
   */
  public static List<TrialResult> trainPack(List<Member> members, long orderSeed,
      CifarData data, int untilCycle) {
    TrialConfig first = members.get(0).config();
    if (untilCycle < 1 || untilCycle > first.get(CYCLES)) {
      throw new IllegalArgumentException("a trial of " + first.get(CYCLES)
          + " cycles cannot stop after cycle " + untilCycle);
    }
    Clock clock = new Clock(members.size());
    TrainingLoop loop = new TrainingLoop(members.stream().map(Member::config).toList(),
        members.stream().mapToLong(Member::seed).toArray(), orderSeed, data.training());
    List<TrainingLoop.Member> trials = loop.members();
    List<List<EpochRecord>> curves = new ArrayList<>();
    for (int k = 0; k < members.size(); k++) {
      curves.add(new ArrayList<>());
      Optional<Checkpoint> from = members.get(k).from();
      if (from.isPresent() != members.get(0).from().isPresent()) {
        throw new IllegalArgumentException("either every trial of a pack continues from a"
            + " checkpoint or none does");
      }
      if (from.isPresent()) {
        Checkpoint c = from.get();
        if (c.cycles() > untilCycle) {
          throw new IllegalArgumentException("a checkpoint of cycle " + c.cycles()
              + " cannot be continued to cycle " + untilCycle);
        }
        loop.restore(trials.get(k), c);
        curves.get(k).addAll(c.curve());
        clock.prior(k, c.trainingSeconds(), c.seconds());
      }
    }
    Evaluator evaluator = new Evaluator(loop.precision());
    long cycleLength = 2L * first.get(STEP_SIZE);
    long stop = untilCycle * cycleLength;
    clock.lap(all(members.size()), false);
    while (!loop.running().isEmpty() && loop.updates() < stop) {
      long cycleEnd = (loop.updates() / cycleLength + 1) * cycleLength;
      List<Integer> going = indices(trials, loop.running());
      loop.advance(cycleEnd);
      clock.lap(going, true);
      List<EpochRecord> records = evaluate(loop, going, evaluator, data, clock);
      clock.lap(going, false);
      for (int i = 0; i < going.size(); i++) {
        int k = going.get(i);
        TrainingLoop.Member m = trials.get(k);
        EpochRecord record = records.get(i);
        curves.get(k).add(record);
        members.get(k).listener().evaluated(record);
        if (!Double.isFinite(record.trainCost()) || !Double.isFinite(record.valCost())) {
          m.markDiverged();
        }
        if (!m.diverged() && m.updates() == cycleEnd && cycleEnd < m.config().totalUpdates()) {
          members.get(k).listener().cycleDone(loop.checkpoint(m, (int) (cycleEnd / cycleLength),
              curves.get(k), clock.training(k), clock.seconds(k)));
        }
        clock.lap(List.of(k), false);
      }
    }
    List<Integer> finished = new ArrayList<>();
    for (int k = 0; k < trials.size(); k++) {
      TrainingLoop.Member m = trials.get(k);
      if (!m.diverged() && m.updates() == m.config().totalUpdates()) {
        finished.add(k);
      }
    }
    List<Evaluator.Metrics> tests = evaluator.evaluate(data.test(),
        finished.stream().map(k -> trials.get(k).network()).toList());
    clock.lap(finished, false);
    List<TrialResult> results = new ArrayList<>();
    for (int k = 0; k < trials.size(); k++) {
      TrainingLoop.Member m = trials.get(k);
      List<EpochRecord> curve = curves.get(k);
      EpochRecord last = curve.get(curve.size() - 1);
      boolean diverged = m.diverged();
      int f = finished.indexOf(k);
      TrialStatus status = diverged ? TrialStatus.DIVERGED
          : f >= 0 ? TrialStatus.OK : TrialStatus.STOPPED;
      double testAccuracy = f >= 0 ? tests.get(f).accuracy() : Double.NaN;
      results.add(new TrialResult(status,
          diverged ? "loss became NaN or infinite after " + m.updates() + " updates" : null,
          curve, last.trainLoss(), last.trainCost(), last.trainAccuracy(), last.valLoss(),
          last.valCost(), last.valAccuracy(), testAccuracy, m.updates(), clock.training(k),
          clock.seconds(k)));
    }
    return results;
  }

  /** The evaluations of the members {@code going} after an epoch, in that order. */
  private static List<EpochRecord> evaluate(TrainingLoop loop, List<Integer> going,
      Evaluator evaluator, CifarData data, Clock clock) {
    List<TrainingLoop.Member> ms = going.stream().map(k -> loop.members().get(k)).toList();
    List<Network> nets = ms.stream().map(TrainingLoop.Member::network).toList();
    List<Evaluator.Metrics> tr = evaluator.evaluate(data.training(), nets);
    List<Evaluator.Metrics> va = evaluator.evaluate(data.validation(), nets);
    List<EpochRecord> out = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      TrainingLoop.Member m = ms.get(i);
      double penalty = m.config().get(LAMBDA) * m.network().squaredWeights();
      out.add(new EpochRecord(loop.epochsBegun(), m.updates(), m.eta(), tr.get(i).loss(),
          tr.get(i).loss() + penalty, tr.get(i).accuracy(), va.get(i).loss(),
          va.get(i).loss() + penalty, va.get(i).accuracy(), clock.seconds(going.get(i))));
    }
    return out;
  }

  private static List<Integer> all(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }

  private static List<Integer> indices(List<TrainingLoop.Member> all,
      List<TrainingLoop.Member> some) {
    return some.stream().map(all::indexOf).toList();
  }

  /**
   * The members' seconds: each lap of wall time is split among the members it served, so that
   * a trial alone gets the whole wall time and a pack's members sum to the pack's.
   */
  private static final class Clock {
    private long mark = System.nanoTime();
    private final double[] training;
    private final double[] seconds;

    Clock(int members) {
      training = new double[members];
      seconds = new double[members];
    }

    /** Time from an earlier run of member {@code k}. */
    void prior(int k, double trainingSeconds, double totalSeconds) {
      training[k] += trainingSeconds;
      seconds[k] += totalSeconds;
    }

    /** Splits the time since the last lap among {@code served}; {@code updating}: training. */
    void lap(List<Integer> served, boolean updating) {
      long now = System.nanoTime();
      double share = (now - mark) / 1e9 / Math.max(1, served.size());
      mark = now;
      for (int k : served) {
        seconds[k] += share;
        if (updating) {
          training[k] += share;
        }
      }
    }

    double training(int k) {
      return training[k];
    }

    double seconds(int k) {
      return seconds[k];
    }
  }
}
