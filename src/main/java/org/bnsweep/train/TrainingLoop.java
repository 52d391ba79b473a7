package org.bnsweep.train;

import static org.bnsweep.params.Hyperparameters.BATCH_SIZE;
import static org.bnsweep.params.Hyperparameters.DROPOUT;
import static org.bnsweep.params.Hyperparameters.ETA_MAX;
import static org.bnsweep.params.Hyperparameters.ETA_MIN;
import static org.bnsweep.params.Hyperparameters.LAMBDA;
import static org.bnsweep.params.Hyperparameters.PRECISION;
import static org.bnsweep.params.Hyperparameters.STEP_SIZE;

import java.util.ArrayList;
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
 * The update steps of a pack of trials: mini-batch gradient descent with a cyclical learning
 * rate over a shuffled training set, an epoch at a time. The members of a pack share the
 * mini-batches (one order, drawn from the order seed) and their first layers' products run as
 * one (see {@link Network#forward(org.bnsweep.nn.InputBlock, List, List, Mode)}); each has its
 * own network, initialisation seed, lambda, learning rate and dropout masks (drawn from its seed
 * and update). Augmentation, when on, is the pack's: drawn per image per epoch from the order
 * seed (for a trial alone, its own seed). A member whose loss stops being
 * finite leaves; the others go on unchanged. A pack of one is a trial trained alone.
 * {@link Trainer} evaluates between epochs; {@link Benchmark} times them. Buffers are made once.
 */
final class TrainingLoop {
  /** Mixed into the seed for the shuffling stream, so it differs from the initialisation's. */
  private static final long SHUFFLE_SALT = 0x9E3779B97F4A7C15L;
  /** Mixed into the order seed for the augmentation's draws. */
  private static final long AUGMENT_SALT = 0x5851F42D4C957F2DL;
  /** Mixed into a member's seed for its dropout masks. */
  private static final long DROPOUT_SALT = 0x2545F4914F6CDD1DL;

  /** One trial of the pack: its network, its schedule and where it is. */
  static final class Member {
    private final TrialConfig config;
    private final long seed;
    private final Network net;
    private final CyclicalLearningRate schedule;
    private final double lambda;
    private final boolean dropout;
    private final Activations act;
    private final Gradients grads;
    private long updates;
    private double eta;
    private boolean diverged;

    private Member(TrialConfig config, long seed, int dim, int batch) {
      this.config = config;
      this.seed = seed;
      this.net = Network.initialise(config.network(), dim, CifarBatch.CLASSES, new Random(seed));
      this.schedule = new CyclicalLearningRate(config.get(ETA_MIN), config.get(ETA_MAX),
          config.get(STEP_SIZE));
      this.act = net.activations(batch, config.get(PRECISION));
      this.dropout = config.get(DROPOUT) > 0;
      act.enableDropout(config.get(DROPOUT));
      this.grads = net.gradients();
      this.eta = config.get(ETA_MIN);
      this.lambda = config.get(LAMBDA);
    }

    TrialConfig config() {
      return config;
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

    /** Marks the trial diverged (an evaluation found a NaN or infinite cost): it leaves. */
    void markDiverged() {
      diverged = true;
    }
  }

  private final List<Member> members;
  private final ImageSet train;
  private final long orderSeed;
  private Random shuffler;
  private final InputBuffer input;
  private final int[] labels;
  private final int[] order;
  private final int batch;
  private final Augmentation augmentation;
  private final long total;
  private int epochsBegun;
  /** The next batch of the current epoch; 0 when the next update starts a new epoch. */
  private int position;
  // The members still training, as the lists the pack's passes take; rebuilt when one leaves.
  private List<Member> active = List.of();
  private List<Network> nets;
  private List<Activations> acts;
  private List<Gradients> gradients;
  // The active members' lambdas and learning rates of an update; sized for the whole pack.
  private double[] lambdas;
  private double[] etas;

  /** A trial alone: its seed draws both its initialisation and its order. */
  TrainingLoop(TrialConfig config, long seed, ImageSet train) {
    this(List.of(config), new long[] {seed}, seed, train);
  }

  /**
   * A pack: {@code configs.get(k)} initialised from {@code seeds[k]}, all trained on the order
   * drawn from {@code orderSeed}. The configs must agree on everything the shared loop runs:
   * batch size, precision and the number of updates.
   */
  TrainingLoop(List<TrialConfig> configs, long[] seeds, long orderSeed, ImageSet train) {
    if (configs.isEmpty() || configs.size() != seeds.length) {
      throw new IllegalArgumentException("a pack needs one seed per trial and at least one"
          + " trial, got " + configs.size() + " trials and " + seeds.length + " seeds");
    }
    TrialConfig first = configs.get(0);
    for (TrialConfig c : configs) {
      if (!c.get(BATCH_SIZE).equals(first.get(BATCH_SIZE)) || c.get(PRECISION) != first.get(
          PRECISION) || c.totalUpdates() != first.totalUpdates()
          || !Hyperparameters.augmentation(c).equals(Hyperparameters.augmentation(first))) {
        throw new IllegalArgumentException("trials of one pack must share batch-size, precision,"
            + " step-size, cycles, flip and shift; " + c + " differs from " + first);
      }
    }
    this.orderSeed = orderSeed;
    this.train = train;
    this.batch = first.get(BATCH_SIZE);
    this.augmentation = Hyperparameters.augmentation(first);
    if (augmentation.enabled() && train.dim() != CifarBatch.DIM) {
      throw new IllegalArgumentException("training.flip and training.shift augment 32 x 32"
          + " colour images of " + CifarBatch.DIM + " values, but the training images have "
          + train.dim() + "; turn them off (flip = false, shift = 0)");
    }
    if (batch > train.count()) {
      throw new IllegalArgumentException("training.batch-size " + batch + " is larger than the "
          + train.count() + " training images; lower it or raise data.training-size");
    }
    List<Member> made = new ArrayList<>();
    for (int k = 0; k < configs.size(); k++) {
      made.add(new Member(configs.get(k), seeds[k], train.dim(), batch));
    }
    this.members = List.copyOf(made);
    this.shuffler = new Random(orderSeed ^ SHUFFLE_SALT);
    this.total = first.totalUpdates();
    this.input = new InputBuffer(train.dim(), batch, first.get(PRECISION), true);
    this.labels = new int[batch];
    this.order = new int[train.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    refreshActive();
  }

  List<Member> members() {
    return members;
  }

  /** The precision of the pack's first-layer products. */
  Precision precision() {
    return members.get(0).config.get(PRECISION);
  }

  /** The members still training: not diverged and not at the end of the schedule. */
  List<Member> running() {
    return members.stream().filter(m -> !m.diverged && m.updates < total).toList();
  }

  /** Updates done by the members still training (they move together); 0 if none is. */
  long updates() {
    return active.isEmpty() ? 0 : active.get(0).updates;
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
   * Updates until the current epoch ends, {@code until} updates are done, or no member's loss
   * is finite, whichever comes first; an epoch starts with a fresh shuffle. A stop inside an
   * epoch (at the end of a learning-rate cycle) resumes there: the updates are those of a run
   * that never stopped. Throws CancellationException if the thread is interrupted (a cancelled
   * Spark task), so that a cancelled pack stops within one batch.
   */
  void advance(long until) {
    refreshActive();
    int perEpoch = train.count() / batch;
    long stop = Math.min(until, total);
    if (active.isEmpty()) {
      return;
    }
    if (position == 0 && updates() < stop) {
      shuffle(order, shuffler);
      epochsBegun++;
    }
    while (position < perEpoch && updates() < stop) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("trial cancelled after " + updates() + " updates");
      }
      input.gather(train, order, position * batch, labels, augmentation,
          orderSeed ^ AUGMENT_SALT, epochsBegun);
      for (Activations a : acts) {
        System.arraycopy(labels, 0, a.labels(), 0, batch);
      }
      for (Member m : active) {
        if (m.dropout) {
          // A pure function of the member's seed and update: a continued run draws the same.
          m.act.drawDropout(new SplittableRandom(
              Augmentation.mix(m.seed ^ DROPOUT_SALT, m.updates, 0)));
        }
      }
      Network.forward(input.block(), nets, acts, Mode.TRAIN);
      boolean left = false;
      for (Member m : active) {
        if (!Double.isFinite(Network.lossSum(m.act))) {
          m.diverged = true;
          left = true;
        }
      }
      if (left) {
        refreshActive();
        if (active.isEmpty()) {
          return;
        }
      }
      Network.backwardWithoutPenalty(input.block(), nets, acts, gradients);
      for (int k = 0; k < active.size(); k++) {
        Member m = active.get(k);
        m.eta = m.schedule.at(m.updates);
        lambdas[k] = m.lambda;
        etas[k] = m.eta;
      }
      Network.stepWithPenalty(input.block(), nets, gradients, lambdas, etas);
      for (Member m : active) {
        m.updates++;
      }
      position++;
    }
    if (position == perEpoch) {
      position = 0;
    }
  }

  private void refreshActive() {
    List<Member> now = running();
    if (now.equals(active)) {
      return;
    }
    active = now;
    lambdas = new double[now.size()];
    etas = new double[now.size()];
    nets = now.stream().map(m -> m.net).toList();
    acts = now.stream().map(m -> m.act).toList();
    gradients = now.stream().map(m -> m.grads).toList();
  }

  /**
   * Member {@code m}'s state after {@code cycles} full cycles, with its curve and timings so
   * far; copies everything, so the checkpoint stays as it is while training goes on.
   */
  Checkpoint checkpoint(Member m, int cycles, List<EpochRecord> curve, double trainingSeconds,
      double seconds) {
    return new Checkpoint(m.config, m.seed, orderSeed, cycles, m.updates, epochsBegun, position,
        order.clone(), Checkpoint.copy(shuffler), m.net.state(), m.eta, curve, trainingSeconds,
        seconds);
  }

  /**
   * Puts member {@code m} of this fresh loop, and the pack's order, in the state of {@code c}, a
   * checkpoint of the same trial trained on the same order. Members restored in turn must come
   * from the same point of the same order.
   */
  void restore(Member m, Checkpoint c) {
    if (!c.config().equals(m.config) || c.seed() != m.seed || c.orderSeed() != orderSeed) {
      throw new IllegalArgumentException("the checkpoint of cycle " + c.cycles() + " belongs to"
          + " another trial (" + c.config() + ", seed " + c.seed() + ", order seed "
          + c.orderSeed() + "); delete it");
    }
    if (c.order().length != order.length) {
      throw new IllegalArgumentException("the checkpoint of cycle " + c.cycles() + " has "
          + c.order().length + " training images, the data " + order.length + "; delete it");
    }
    Member restored = members.stream().filter(o -> o.updates > 0).findFirst().orElse(null);
    if (restored != null && (c.updates() != restored.updates || c.position() != position
        || c.epochsBegun() != epochsBegun || !Arrays.equals(c.order(), order))) {
      throw new IllegalArgumentException("the checkpoint of cycle " + c.cycles() + " of trial"
          + " seed " + c.seed() + " is not at the point of the pack's others; delete it");
    }
    m.net.restore(c.network());
    input.weightsChanged();
    m.updates = c.updates();
    m.eta = c.eta();
    epochsBegun = c.epochsBegun();
    position = c.position();
    System.arraycopy(c.order(), 0, order, 0, order.length);
    shuffler = Checkpoint.copy(c.shuffler());
    refreshActive();
  }

  /** Floating-point operations of one epoch of updates of the whole pack. */
  long flopsPerEpoch() {
    return (train.count() / batch)
        * members.stream().mapToLong(m -> m.net.stepFlops(batch)).sum();
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
