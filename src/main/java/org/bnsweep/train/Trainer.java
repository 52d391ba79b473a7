package org.bnsweep.train;

import static org.bnsweep.params.Hyperparameters.CYCLES;
import static org.bnsweep.params.Hyperparameters.LAMBDA;
import static org.bnsweep.params.Hyperparameters.STEP_SIZE;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bnsweep.data.CifarData;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;

/**
 * Trains one network and evaluates it after every epoch and at the end of every learning-rate
 * cycle. A pure function of the trial config, the data and the seed: the same inputs give the
 * same numbers, bit for bit, whether the trial ran in one go or was continued from {@link
 * Checkpoint}s taken at the ends of its cycles.
 */
public final class Trainer {
  private Trainer() {}

  /** What a caller hears of a trial as it goes on. */
  public interface Listener {
    /** After every evaluation: each epoch's end, each cycle's end. */
    default void evaluated(EpochRecord point) {}

    /**
     * At the end of every cycle before the config's last, with the state to continue from. A
     * listener that throws stops the trial there (the checkpoint it saved stays usable).
     */
    default void cycleDone(Checkpoint checkpoint) {}
  }

  public static TrialResult train(TrialConfig config, long seed, CifarData data) {
    return train(config, seed, data, e -> {});
  }

  /**
   * Trains to the end, calling {@code onEpoch} after every evaluation.
   *
   * @param seed the seed of the initialisation, the order of the mini-batches and the draws
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
   * a test accuracy; continuing it later gives the numbers of a run that never stopped. A trial
   * whose loss stops being finite ends {@code diverged}.
   *
   * @param seed the seed of the initialisation, the order of the mini-batches and the draws
   * @param untilCycle from 1 to the config's cycles
   * @param from where to continue; empty to start from update zero
   */
  public static TrialResult train(TrialConfig config, long seed, CifarData data, int untilCycle,
      Optional<Checkpoint> from, Listener listener) {
    if (untilCycle < 1 || untilCycle > config.get(CYCLES)) {
      throw new IllegalArgumentException("a trial of " + config.get(CYCLES)
          + " cycles cannot stop after cycle " + untilCycle);
    }
    Clock clock = new Clock();
    TrainingLoop loop = new TrainingLoop(config, seed, data.training());
    List<EpochRecord> curve = new ArrayList<>();
    if (from.isPresent()) {
      Checkpoint c = from.get();
      if (c.cycles() > untilCycle) {
        throw new IllegalArgumentException("a checkpoint of cycle " + c.cycles()
            + " cannot be continued to cycle " + untilCycle);
      }
      loop.restore(c);
      curve.addAll(c.curve());
      clock.prior(c.trainingSeconds(), c.seconds());
    }
    Evaluator evaluator = new Evaluator(loop.network(), loop.precision());
    long cycleLength = 2L * config.get(STEP_SIZE);
    long stop = untilCycle * cycleLength;
    clock.lap(false);
    while (loop.running() && loop.updates() < stop) {
      long cycleEnd = (loop.updates() / cycleLength + 1) * cycleLength;
      loop.advance(cycleEnd);
      clock.lap(true);
      EpochRecord record = evaluate(loop, evaluator, data, clock);
      curve.add(record);
      listener.evaluated(record);
      if (!Double.isFinite(record.trainCost()) || !Double.isFinite(record.valCost())) {
        loop.markDiverged();
      }
      if (!loop.diverged() && loop.updates() == cycleEnd && cycleEnd < config.totalUpdates()) {
        listener.cycleDone(loop.checkpoint((int) (cycleEnd / cycleLength), curve,
            clock.training(), clock.seconds()));
      }
      clock.lap(false);
    }
    boolean diverged = loop.diverged();
    boolean finished = !diverged && loop.updates() == config.totalUpdates();
    double testAccuracy = Double.NaN;
    if (finished) {
      testAccuracy = evaluator.evaluate(data.test()).accuracy();
      clock.lap(false);
    }
    TrialStatus status = diverged ? TrialStatus.DIVERGED
        : finished ? TrialStatus.OK : TrialStatus.STOPPED;
    EpochRecord last = curve.get(curve.size() - 1);
    return new TrialResult(status,
        diverged ? "loss became NaN or infinite after " + loop.updates() + " updates" : null,
        curve, last.trainLoss(), last.trainCost(), last.trainAccuracy(), last.valLoss(),
        last.valCost(), last.valAccuracy(), testAccuracy, loop.updates(), clock.training(),
        clock.seconds());
  }

  /** The evaluation of the trial after an epoch. */
  private static EpochRecord evaluate(TrainingLoop loop, Evaluator evaluator, CifarData data,
      Clock clock) {
    Evaluator.Metrics tr = evaluator.evaluate(data.training());
    Evaluator.Metrics va = evaluator.evaluate(data.validation());
    double penalty = loop.config().get(LAMBDA) * loop.network().squaredWeights();
    return new EpochRecord(loop.epochsBegun(), loop.updates(), loop.eta(), tr.loss(),
        tr.loss() + penalty, tr.accuracy(), va.loss(), va.loss() + penalty, va.accuracy(),
        clock.seconds());
  }

  /** The trial's seconds, in all and in update steps, over this run and earlier ones. */
  private static final class Clock {
    private long mark = System.nanoTime();
    private double training;
    private double seconds;

    /** Time from an earlier run. */
    void prior(double trainingSeconds, double totalSeconds) {
      training += trainingSeconds;
      seconds += totalSeconds;
    }

    /** Adds the time since the last lap; {@code updating}: it was spent training. */
    void lap(boolean updating) {
      long now = System.nanoTime();
      double lap = (now - mark) / 1e9;
      mark = now;
      seconds += lap;
      if (updating) {
        training += lap;
      }
    }

    double training() {
      return training;
    }

    double seconds() {
      return seconds;
    }
  }
}
