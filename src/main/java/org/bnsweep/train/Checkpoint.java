package org.bnsweep.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import org.bnsweep.nn.NetworkState;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;

/**
 * A trial's whole state at the end of a learning-rate cycle: enough to continue it so that it
 * gives, bit for bit, the numbers of a run that never stopped. The network's parameters and
 * moving averages, the update count (the schedule's position), the position in the current
 * epoch, the current epoch's order and the shuffling generator's state, and the curve so far.
 * Plain Java: the sweep stores its bytes wherever its results live.
 *
 * @param seed the trial's seed: of its initialisation, its order of mini-batches and its draws
 * @param cycles full cycles done
 * @param epochsBegun epochs started (shuffles drawn) so far
 * @param position the next batch of the current epoch; 0 when the epoch is complete
 * @param order the current epoch's order of the training images
 * @param shuffler the state of the shuffling generator
 * @param eta learning rate of the last update
 * @param trainingSeconds wall seconds spent in update steps so far, over all runs
 * @param seconds wall seconds of the trial so far, over all runs
 */
public record Checkpoint(TrialConfig config, long seed, int cycles, long updates, int epochsBegun,
    int position, int[] order, Random shuffler, NetworkState network, double eta,
    List<EpochRecord> curve, double trainingSeconds, double seconds) implements Serializable {
  @Serial
  // 2: since the order seed (packs shared an order), whose field Java ignores in the checkpoints
  // that still hold it; checkpoints older than 2 cannot be read and say so.
  private static final long serialVersionUID = 2L;

  public Checkpoint {
    curve = List.copyOf(curve);
  }

  /** The checkpoint as bytes (Java serialization), to store. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the checkpoint of cycle " + cycles, e);
    }
    return bytes.toByteArray();
  }

  /** Reads what {@link #toBytes()} wrote; {@code source} names it in errors. */
  public static Checkpoint fromBytes(byte[] bytes, String source) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (Checkpoint) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalArgumentException("checkpoint " + source + " cannot be read (" + e
          + "); delete it to train that trial from the start", e);
    }
  }

  /**
   * True if the order of mini-batches is the one the trial's seed draws, as a continued run
   * needs; false for a trial that an older bnsweep trained in a pack (sweep.pack-size), on an
   * order its pack shared.
   */
  public boolean ownOrder() {
    return TrainingLoop.ownOrder(this);
  }

  /** Validation accuracy at the checkpoint: what a halving rung ranks by. */
  public double valAccuracy() {
    return curve.get(curve.size() - 1).valAccuracy();
  }

  /**
   * What the trial produced up to here, as a result with {@code status}; its test accuracy is
   * NaN (the test set is used only by trials that finish).
   */
  public TrialResult result(TrialStatus status) {
    EpochRecord last = curve.get(curve.size() - 1);
    return new TrialResult(status, null, curve, last.trainLoss(), last.trainCost(),
        last.trainAccuracy(), last.valLoss(), last.valCost(), last.valAccuracy(), Double.NaN,
        updates, trainingSeconds, seconds);
  }

  /** A copy of a generator in its current state, so that it stops changing with the loop's. */
  static Random copy(Random rng) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(rng);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy a java.util.Random", e);
    }
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      return (Random) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot copy a java.util.Random", e);
    }
  }
}
