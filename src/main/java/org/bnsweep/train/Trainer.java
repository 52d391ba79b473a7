package org.bnsweep.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.ImageSet;
import org.bnsweep.nn.Activations;
import org.bnsweep.nn.Gradients;
import org.bnsweep.nn.Mode;
import org.bnsweep.nn.Network;

/**
 * Trains one network with mini-batch gradient descent and a cyclical learning rate, evaluating
 * it after every epoch. A pure function of the trial config, the data and the seed: the same
 * inputs give the same numbers, bit for bit.
 */
public final class Trainer {
  /** Mixed into the seed for the shuffling stream, so it differs from the initialisation's. */
  private static final long SHUFFLE_SALT = 0x9E3779B97F4A7C15L;

  private Trainer() {}

  public static TrialResult train(TrialConfig config, CifarData data) {
    return train(config, data, e -> {});
  }

  /** Trains, calling {@code onEpoch} after every epoch's evaluation. */
  public static TrialResult train(TrialConfig config, CifarData data,
      Consumer<EpochRecord> onEpoch) {
    long start = System.nanoTime();
    TrainingConfig tc = config.training();
    ImageSet train = data.training();
    int batch = tc.batchSize();
    if (batch > train.count()) {
      throw new IllegalArgumentException("training.batch-size " + batch + " is larger than the "
          + train.count() + " training images; lower it or raise data.training-size");
    }
    Network net = Network.initialise(config.network(), train.dim(),
        org.bnsweep.data.CifarBatch.CLASSES, new Random(config.seed()));
    Random shuffler = new Random(config.seed() ^ SHUFFLE_SALT);
    CyclicalLearningRate schedule =
        new CyclicalLearningRate(tc.etaMin(), tc.etaMax(), tc.stepSizeFor(train.count()));
    long total = tc.totalUpdates(train.count());
    int perEpoch = train.count() / batch;

    InputBuffer input = new InputBuffer(train.dim(), batch, tc.precision());
    Activations act = net.activations(batch);
    Gradients grads = net.gradients();
    Evaluator evaluator = new Evaluator(net, tc.precision());
    int[] order = new int[train.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }

    List<EpochRecord> curve = new ArrayList<>();
    long t = 0;
    long trainingNanos = 0;
    double eta = tc.etaMin();
    boolean diverged = false;
    for (int epoch = 1; t < total && !diverged; epoch++) {
      shuffle(order, shuffler);
      long epochStart = System.nanoTime();
      for (int b = 0; b < perEpoch && t < total; b++, t++) {
        input.gather(train, order, b * batch, act.labels());
        net.forward(input.block(), act, Mode.TRAIN);
        if (!Double.isFinite(Network.lossSum(act))) {
          diverged = true;
          break;
        }
        net.backward(input.block(), act, tc.lambda(), grads);
        eta = schedule.at(t);
        net.step(grads, eta);
      }
      trainingNanos += System.nanoTime() - epochStart;
      EpochRecord record = evaluate(net, evaluator, data, tc.lambda(), epoch, t, eta, start);
      curve.add(record);
      onEpoch.accept(record);
      diverged |= !Double.isFinite(record.trainCost()) || !Double.isFinite(record.valCost());
    }

    EpochRecord last = curve.get(curve.size() - 1);
    double testAccuracy = diverged ? Double.NaN : evaluator.evaluate(data.test()).accuracy();
    return new TrialResult(config, diverged ? TrialStatus.DIVERGED : TrialStatus.OK,
        diverged ? "loss became NaN or infinite after " + t + " updates" : null, curve,
        last.trainLoss(), last.trainCost(), last.trainAccuracy(), last.valLoss(), last.valCost(),
        last.valAccuracy(), testAccuracy, t, trainingNanos / 1e9,
        (System.nanoTime() - start) / 1e9);
  }

  private static EpochRecord evaluate(Network net, Evaluator evaluator, CifarData data,
      double lambda, int epoch, long updates, double eta, long start) {
    double penalty = lambda * net.squaredWeights();
    Evaluator.Metrics tr = evaluator.evaluate(data.training());
    Evaluator.Metrics va = evaluator.evaluate(data.validation());
    return new EpochRecord(epoch, updates, eta, tr.loss(), tr.loss() + penalty, tr.accuracy(),
        va.loss(), va.loss() + penalty, va.accuracy(), (System.nanoTime() - start) / 1e9);
  }

  /** Fisher-Yates shuffle from {@code rng}; mutates order. */
  static void shuffle(int[] order, Random rng) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }
}
