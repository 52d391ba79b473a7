package org.bnsweep.train;

import static org.bnsweep.params.Hyperparameters.BATCH_SIZE;
import static org.bnsweep.params.Hyperparameters.DROPOUT;
import static org.bnsweep.params.Hyperparameters.ETA_MAX;
import static org.bnsweep.params.Hyperparameters.ETA_MIN;
import static org.bnsweep.params.Hyperparameters.LAMBDA;
import static org.bnsweep.params.Hyperparameters.PRECISION;
import static org.bnsweep.params.Hyperparameters.STEP_SIZE;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.bnsweep.data.Augmentation;
import org.bnsweep.data.CifarBatch;
import org.bnsweep.data.ImageSet;
import org.bnsweep.nn.Activations;
import org.bnsweep.nn.Gradients;
import org.bnsweep.nn.Mode;
import org.bnsweep.nn.Network;
import org.bnsweep.nn.Precision;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;

/**
 * The update steps of one trial: mini-batch gradient descent with a cyclical learning rate over
 * a shuffled training set, an epoch at a time. The trial's seed draws its initialisation, its
 * order of mini-batches, its augmentation (per image per epoch, when on) and its dropout masks
 * (per update). A loss that stops being finite ends the training: the trial diverged.
 * {@link Trainer} evaluates between epochs; {@link Benchmark} times them. Buffers are made once.
 */
final class TrainingLoop {
  /** Mixed into the seed for the shuffling stream, so it differs from the initialisation's. */
  private static final long SHUFFLE_SALT = 0x9E3779B97F4A7C15L;
  /** Mixed into the seed for the augmentation's draws. */
  private static final long AUGMENT_SALT = 0x5851F42D4C957F2DL;
  /** Mixed into the seed for the dropout masks. */
  private static final long DROPOUT_SALT = 0x2545F4914F6CDD1DL;

  private final TrialConfig config;
  private final long seed;
  private final Network net;
  private final CyclicalLearningRate schedule;
  private final double lambda;
  private final boolean dropout;
  private final Activations act;
  private final Gradients grads;
  private final ImageSet train;
  private Random shuffler;
  private final InputBuffer input;
  private final int[] order;
  private final int batch;
  private final Augmentation augmentation;
  private final long total;
  private long updates;
  private double eta;
  private boolean diverged;
  private int epochsBegun;
  /** The next batch of the current epoch; 0 when the next update starts a new epoch. */
  private int position;

  /** {@code config} initialised from {@code seed}, to train on {@code train}. */
  TrainingLoop(TrialConfig config, long seed, ImageSet train) {
    this.config = config;
    this.seed = seed;
    this.train = train;
    this.batch = config.get(BATCH_SIZE);
    this.augmentation = Hyperparameters.augmentation(config);
    if (augmentation.enabled() && train.dim() != CifarBatch.DIM) {
      throw new IllegalArgumentException("training.flip and training.shift augment 32 x 32"
          + " colour images of " + CifarBatch.DIM + " values, but the training images have "
          + train.dim() + "; turn them off (flip = false, shift = 0)");
    }
    if (batch > train.count()) {
      throw new IllegalArgumentException("training.batch-size " + batch + " is larger than the "
          + train.count() + " training images; lower it or raise data.training-size");
    }
    this.net = Network.initialise(config.network(), train.dim(), CifarBatch.CLASSES,
        new Random(seed));
    this.schedule = new CyclicalLearningRate(config.get(ETA_MIN), config.get(ETA_MAX),
        config.get(STEP_SIZE));
    this.act = net.activations(batch, config.get(PRECISION));
    this.dropout = config.get(DROPOUT) > 0;
    act.enableDropout(config.get(DROPOUT));
    this.grads = net.gradients();
    this.eta = config.get(ETA_MIN);
    this.lambda = config.get(LAMBDA);
    this.shuffler = new Random(seed ^ SHUFFLE_SALT);
    this.total = config.totalUpdates();
    this.input = new InputBuffer(train.dim(), batch, config.get(PRECISION), true);
    this.order = identity(train.count());
  }

  TrialConfig config() {
    return config;
  }

  Network network() {
    return net;
  }

  /** The precision of the first layer's products. */
  Precision precision() {
    return config.get(PRECISION);
  }

  /** True while the trial trains: not diverged and not at the end of the schedule. */
  boolean running() {
    return !diverged && updates < total;
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

  /** Marks the trial diverged (an evaluation found a NaN or infinite cost): it stops. */
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
    if (!running()) {
      return;
    }
    if (position == 0 && updates < stop) {
      shuffle(order, shuffler);
      epochsBegun++;
    }
    while (position < perEpoch && updates < stop) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("trial cancelled after " + updates + " updates");
      }
      input.gather(train, order, position * batch, act.labels(), augmentation,
          seed ^ AUGMENT_SALT, epochsBegun);
      if (dropout) {
        // A pure function of the seed and the update: a continued run draws the same.
        act.drawDropout(new SplittableRandom(
            Augmentation.mix(seed ^ DROPOUT_SALT, updates, 0)));
      }
      net.forward(input.block(), act, Mode.TRAIN);
      if (!Double.isFinite(Network.lossSum(act))) {
        diverged = true;
        return;
      }
      net.backwardWithoutPenalty(input.block(), act, grads);
      eta = schedule.at(updates);
      net.stepWithPenalty(input.block(), grads, lambda, eta);
      updates++;
      position++;
    }
    if (position == perEpoch) {
      position = 0;
    }
  }

  /**
   * The state after {@code cycles} full cycles, with the curve and timings so far; copies
   * everything, so the checkpoint stays as it is while training goes on.
   */
  Checkpoint checkpoint(int cycles, List<EpochRecord> curve, double trainingSeconds,
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
    if (!ownOrder(c)) {
      throw new IllegalArgumentException("the checkpoint of cycle " + c.cycles() + " has an"
          + " order of mini-batches that its seed does not draw (it was trained in a pack by an"
          + " older bnsweep); delete it");
    }
    net.restore(c.network());
    input.weightsChanged();
    updates = c.updates();
    eta = c.eta();
    epochsBegun = c.epochsBegun();
    position = c.position();
    System.arraycopy(c.order(), 0, order, 0, order.length);
    shuffler = Checkpoint.copy(c.shuffler());
  }

  /**
   * True if {@code c}'s order of mini-batches is the one its seed draws (its shuffles replayed):
   * false for a trial that an older bnsweep trained in a pack, on an order its pack shared.
   */
  static boolean ownOrder(Checkpoint c) {
    int[] replayed = identity(c.order().length);
    Random rng = new Random(c.seed() ^ SHUFFLE_SALT);
    for (int e = 0; e < c.epochsBegun(); e++) {
      shuffle(replayed, rng);
    }
    return Arrays.equals(replayed, c.order());
  }

  /** Floating-point operations of one epoch of updates. */
  long flopsPerEpoch() {
    return (train.count() / batch) * net.stepFlops(batch);
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
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
