package org.bnsweep.train;

import static org.bnsweep.train.Hyperparameters.CYCLES;
import static org.bnsweep.train.Hyperparameters.LAMBDA;
import static org.bnsweep.train.Hyperparameters.PRECISION;
import static org.bnsweep.train.Hyperparameters.STEP_SIZE;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.Network;

/**
 * Trains one network and evaluates it after every epoch and at the end of every learning-rate
 * cycle. A pure function of the trial config, the data and the seed: the same inputs give the
 * same numbers, bit for bit, whether the trial ran in one go or was continued from
 * {@link Checkpoint}s taken at the ends of its cycles.
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
   * @param untilCycle from 1 to the config's cycles
   * @param from where to continue; empty to start from update zero
   */
  public static TrialResult train(TrialConfig config, long seed, CifarData data, int untilCycle,
      Optional<Checkpoint> from, Listener listener) {
    if (untilCycle < 1 || untilCycle > config.get(CYCLES)) {
      throw new IllegalArgumentException("a trial of " + config.get(CYCLES)
          + " cycles cannot stop after cycle " + untilCycle);
    }
    long start = System.nanoTime();
    TrainingLoop loop = new TrainingLoop(config, seed, data.training());
    List<EpochRecord> curve = new ArrayList<>();
    double priorTraining = 0;
    double priorSeconds = 0;
    if (from.isPresent()) {
      Checkpoint c = from.get();
      if (c.cycles() > untilCycle) {
        throw new IllegalArgumentException("a checkpoint of cycle " + c.cycles()
            + " cannot be continued to cycle " + untilCycle);
      }
      loop.restore(c);
      curve.addAll(c.curve());
      priorTraining = c.trainingSeconds();
      priorSeconds = c.seconds();
    }
    Evaluator evaluator = new Evaluator(loop.network(), config.get(PRECISION));
    double lambda = config.get(LAMBDA);
    long cycleLength = 2L * config.get(STEP_SIZE);
    long stop = untilCycle * cycleLength;
    long trainingNanos = 0;
    while (loop.running() && loop.updates() < stop) {
      long cycleEnd = (loop.updates() / cycleLength + 1) * cycleLength;
      long epochStart = System.nanoTime();
      loop.advance(cycleEnd);
      trainingNanos += System.nanoTime() - epochStart;
      double seconds = priorSeconds + (System.nanoTime() - start) / 1e9;
      EpochRecord record = evaluate(loop, evaluator, data, lambda, seconds);
      curve.add(record);
      listener.evaluated(record);
      if (!Double.isFinite(record.trainCost()) || !Double.isFinite(record.valCost())) {
        loop.markDiverged();
      }
      if (!loop.diverged() && loop.updates() == cycleEnd && cycleEnd < config.totalUpdates()) {
        listener.cycleDone(loop.checkpoint((int) (cycleEnd / cycleLength), curve,
            priorTraining + trainingNanos / 1e9, priorSeconds + (System.nanoTime() - start) / 1e9));
      }
    }
    EpochRecord last = curve.get(curve.size() - 1);
    boolean diverged = loop.diverged();
    boolean finished = !diverged && loop.updates() == config.totalUpdates();
    TrialStatus status = diverged ? TrialStatus.DIVERGED
        : finished ? TrialStatus.OK : TrialStatus.STOPPED;
    double testAccuracy = finished ? evaluator.evaluate(data.test()).accuracy() : Double.NaN;
    return new TrialResult(status,
        diverged ? "loss became NaN or infinite after " + loop.updates() + " updates" : null,
        curve, last.trainLoss(), last.trainCost(), last.trainAccuracy(), last.valLoss(),
        last.valCost(), last.valAccuracy(), testAccuracy, loop.updates(),
        priorTraining + trainingNanos / 1e9, priorSeconds + (System.nanoTime() - start) / 1e9);
  }

  private static EpochRecord evaluate(TrainingLoop loop, Evaluator evaluator, CifarData data,
      double lambda, double seconds) {
    Network net = loop.network();
    double penalty = lambda * net.squaredWeights();
    Evaluator.Metrics tr = evaluator.evaluate(data.training());
    Evaluator.Metrics va = evaluator.evaluate(data.validation());
    return new EpochRecord(loop.epochsBegun(), loop.updates(), loop.eta(), tr.loss(),
        tr.loss() + penalty, tr.accuracy(), va.loss(), va.loss() + penalty, va.accuracy(),
        seconds);
  }
}
