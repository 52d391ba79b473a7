package org.bnsweep.train;

import static org.bnsweep.train.Hyperparameters.BATCH_SIZE;
import static org.bnsweep.train.Hyperparameters.ETA_MAX;
import static org.bnsweep.train.Hyperparameters.ETA_MIN;
import static org.bnsweep.train.Hyperparameters.LAMBDA;
import static org.bnsweep.train.Hyperparameters.PRECISION;
import static org.bnsweep.train.Hyperparameters.STEP_SIZE;

import java.util.Random;
import java.util.concurrent.CancellationException;
import org.bnsweep.data.CifarBatch;
import org.bnsweep.data.ImageSet;
import org.bnsweep.nn.Activations;
import org.bnsweep.nn.Gradients;
import org.bnsweep.nn.Mode;
import org.bnsweep.nn.Network;

/**
 * The update steps of one trial: mini-batch gradient descent with a cyclical learning rate over
 * a shuffled training set, an epoch at a time. {@link Trainer} evaluates between epochs;
 * {@link Benchmark} times them. Buffers are made once; an epoch allocates nothing.
 */
final class TrainingLoop {
  /** Mixed into the seed for the shuffling stream, so it differs from the initialisation's. */
  private static final long SHUFFLE_SALT = 0x9E3779B97F4A7C15L;

  private final TrialConfig config;
  private final ImageSet train;
  private final Network net;
  private final Random shuffler;
  private final CyclicalLearningRate schedule;
  private final InputBuffer input;
  private final Activations act;
  private final Gradients grads;
  private final int[] order;
  private final int batch;
  private final long total;
  private long updates;
  private double eta;
  private boolean diverged;

  TrainingLoop(TrialConfig config, long seed, ImageSet train) {
    this.config = config;
    this.train = train;
    this.batch = config.get(BATCH_SIZE);
    if (batch > train.count()) {
      throw new IllegalArgumentException("training.batch-size " + batch + " is larger than the "
          + train.count() + " training images; lower it or raise data.training-size");
    }
    this.net = Network.initialise(config.network(), train.dim(), CifarBatch.CLASSES,
        new Random(seed));
    this.shuffler = new Random(seed ^ SHUFFLE_SALT);
    this.schedule = new CyclicalLearningRate(config.get(ETA_MIN), config.get(ETA_MAX),
        config.get(STEP_SIZE));
    this.total = config.totalUpdates();
    this.input = new InputBuffer(train.dim(), batch, config.get(PRECISION));
    this.act = net.activations(batch);
    this.grads = net.gradients();
    this.order = new int[train.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    this.eta = config.get(ETA_MIN);
  }

  Network network() {
    return net;
  }

  long updates() {
    return updates;
  }

  /** Learning rate of the last update. */
  double eta() {
    return eta;
  }

  boolean diverged() {
    return diverged;
  }

  /** True while updates remain and the loss is finite. */
  boolean running() {
    return updates < total && !diverged;
  }

  /** Marks the trial diverged (an evaluation found a NaN or infinite cost). */
  void markDiverged() {
    diverged = true;
  }

  /**
   * One epoch: a fresh shuffle, then full batches until the epoch or the schedule ends, or the
   * loss is no longer finite. Throws CancellationException if the thread is interrupted (a
   * cancelled Spark task), so that a cancelled trial stops within one batch.
   */
  void epoch() {
    shuffle(order, shuffler);
    int perEpoch = train.count() / batch;
    double lambda = config.get(LAMBDA);
    for (int b = 0; b < perEpoch && updates < total; b++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("trial cancelled after " + updates + " updates");
      }
      input.gather(train, order, b * batch, act.labels());
      net.forward(input.block(), act, Mode.TRAIN);
      if (!Double.isFinite(Network.lossSum(act))) {
        diverged = true;
        return;
      }
      net.backward(input.block(), act, lambda, grads);
      eta = schedule.at(updates);
      net.step(grads, eta);
      updates++;
    }
  }

  /** Floating-point operations of one epoch of updates. */
  long flopsPerEpoch() {
    return (train.count() / batch) * net.stepFlops(batch);
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
