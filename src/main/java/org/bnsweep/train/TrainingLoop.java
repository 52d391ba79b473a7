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
  private final long seed;
  private Random shuffler;
  private final CyclicalLearningRate schedule;
  private final InputBuffer input;
  private final Activations act;
  private final Gradients grads;
  private final int[] order;
  private final int batch;
  private final long total;
  private long updates;
  private int epochsBegun;
  /** The next batch of the current epoch; 0 when the next update starts a new epoch. */
  private int position;
  private double eta;
  private boolean diverged;

  TrainingLoop(TrialConfig config, long seed, ImageSet train) {
    this.config = config;
    this.seed = seed;
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

  /** Epochs started so far: the number of the epoch in progress or just finished. */
  int epochsBegun() {
    return epochsBegun;
  }

  /** One epoch, or what remains of it: {@link #advance} to the end of the schedule. */
  void epoch() {
    advance(total);
  }

  /**
   * Updates until the current epoch ends, {@code until} updates are done, or the loss is no
   * longer finite, whichever comes first; an epoch starts with a fresh shuffle. A stop inside an
   * epoch (at the end of a learning-rate cycle) resumes there: the updates are those of a run
   * that never stopped. Throws CancellationException if the thread is interrupted (a cancelled
   * Spark task), so that a cancelled trial stops within one batch.
   */
  void advance(long until) {
    int perEpoch = train.count() / batch;
    long stop = Math.min(until, total);
    if (position == 0 && updates < stop) {
      shuffle(order, shuffler);
      epochsBegun++;
    }
    double lambda = config.get(LAMBDA);
    while (position < perEpoch && updates < stop) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("trial cancelled after " + updates + " updates");
      }
      input.gather(train, order, position * batch, act.labels());
      net.forward(input.block(), act, Mode.TRAIN);
      if (!Double.isFinite(Network.lossSum(act))) {
        diverged = true;
        return;
      }
      net.backward(input.block(), act, lambda, grads);
      eta = schedule.at(updates);
      net.step(grads, eta);
      updates++;
      position++;
    }
    if (position == perEpoch) {
      position = 0;
    }
  }

  /**
   * The loop's state after {@code cycles} full cycles, with the curve and timings so far; copies
   * everything, so the checkpoint stays as it is while training goes on.
   */
  Checkpoint checkpoint(int cycles, java.util.List<EpochRecord> curve, double trainingSeconds,
      double seconds) {
    return new Checkpoint(config, seed, cycles, updates, epochsBegun, position, order.clone(),
        Checkpoint.copy(shuffler), net.state(), eta, curve, trainingSeconds, seconds);
  }

  /** Puts this fresh loop in the state of {@code c}, a checkpoint of the same trial. */
  void restore(Checkpoint c) {
    if (!c.config().equals(config) || c.seed() != seed) {
      throw new IllegalArgumentException("the checkpoint of cycle " + c.cycles() + " belongs to"
          + " another trial (" + c.config() + ", seed " + c.seed() + "); delete it");
    }
    if (c.order().length != order.length) {
      throw new IllegalArgumentException("the checkpoint of cycle " + c.cycles() + " has "
          + c.order().length + " training images, the data " + order.length + "; delete it");
    }
    net.restore(c.network());
    updates = c.updates();
    epochsBegun = c.epochsBegun();
    position = c.position();
    System.arraycopy(c.order(), 0, order, 0, order.length);
    shuffler = Checkpoint.copy(c.shuffler());
    eta = c.eta();
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
