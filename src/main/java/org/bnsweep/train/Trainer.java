package org.bnsweep.train;

import static org.bnsweep.train.Hyperparameters.LAMBDA;
import static org.bnsweep.train.Hyperparameters.PRECISION;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.Network;

/**
 * Trains one network and evaluates it after every epoch. A pure function of the trial config,
 * the data and the seed: the same inputs give the same numbers, bit for bit.
 */
public final class Trainer {
  private Trainer() {}

  public static TrialResult train(TrialConfig config, long seed, CifarData data) {
    return train(config, seed, data, e -> {});
  }

  /**
   * Trains, calling {@code onEpoch} after every epoch's evaluation.
   *
   * @param seed the seed of the initialisation and of the shuffling
   */
  public static TrialResult train(TrialConfig config, long seed, CifarData data,
      Consumer<EpochRecord> onEpoch) {
    long start = System.nanoTime();
    TrainingLoop loop = new TrainingLoop(config, seed, data.training());
    Evaluator evaluator = new Evaluator(loop.network(), config.get(PRECISION));
    double lambda = config.get(LAMBDA);
    List<EpochRecord> curve = new ArrayList<>();
    long trainingNanos = 0;
    for (int epoch = 1; loop.running(); epoch++) {
      long epochStart = System.nanoTime();
      loop.epoch();
      trainingNanos += System.nanoTime() - epochStart;
      EpochRecord record = evaluate(loop, evaluator, data, lambda, epoch, start);
      curve.add(record);
      onEpoch.accept(record);
      if (!Double.isFinite(record.trainCost()) || !Double.isFinite(record.valCost())) {
        loop.markDiverged();
      }
    }
    EpochRecord last = curve.get(curve.size() - 1);
    boolean diverged = loop.diverged();
    double testAccuracy = diverged ? Double.NaN : evaluator.evaluate(data.test()).accuracy();
    return new TrialResult(diverged ? TrialStatus.DIVERGED : TrialStatus.OK,
        diverged ? "loss became NaN or infinite after " + loop.updates() + " updates" : null,
        curve, last.trainLoss(), last.trainCost(), last.trainAccuracy(), last.valLoss(),
        last.valCost(), last.valAccuracy(), testAccuracy, loop.updates(), trainingNanos / 1e9,
        (System.nanoTime() - start) / 1e9);
  }

  private static EpochRecord evaluate(TrainingLoop loop, Evaluator evaluator, CifarData data,
      double lambda, int epoch, long start) {
    Network net = loop.network();
    double penalty = lambda * net.squaredWeights();
    Evaluator.Metrics tr = evaluator.evaluate(data.training());
    Evaluator.Metrics va = evaluator.evaluate(data.validation());
    return new EpochRecord(epoch, loop.updates(), loop.eta(), tr.loss(), tr.loss() + penalty,
        tr.accuracy(), va.loss(), va.loss() + penalty, va.accuracy(),
        (System.nanoTime() - start) / 1e9);
  }
}
