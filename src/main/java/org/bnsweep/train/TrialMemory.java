package org.bnsweep.train;

import static org.bnsweep.params.Hyperparameters.BATCH_NORM;
import static org.bnsweep.params.Hyperparameters.BATCH_SIZE;
import static org.bnsweep.params.Hyperparameters.DROPOUT;
import static org.bnsweep.params.Hyperparameters.HIDDEN;
import static org.bnsweep.params.Hyperparameters.PRECISION;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bnsweep.data.CifarBatch;
import org.bnsweep.nn.Precision;
import org.bnsweep.params.TrialConfig;

/**
 * What one trial holds in memory while it trains, estimated from its config before it starts:
 * weights and gradients, the activations of a mini-batch and of an evaluation chunk, and the
 * input buffers they are copied into (see {@link TrainingLoop}, {@link Evaluator}, {@link
 * InputBuffer}). The data set is not counted: one copy serves every trial of a JVM.
 *
 * <p>It also finds the largest matrix, because a Java array (and so a jblas matrix) holds at most
 * {@link Integer#MAX_VALUE} elements: past that the trial fails with a
 * NegativeArraySizeException however much memory there is.
 *
 * @param bytes the estimate, in bytes
 * @param largestElements elements of the trial's largest matrix
 * @param largest that matrix, in words: "the 1000000 x 3072 weights of layer 1"
 */
public record TrialMemory(long bytes, long largestElements, String largest) {
  /** Images per evaluation chunk: {@link Evaluator#CHUNK}. */
  static final int EVALUATION_CHUNK = Evaluator.CHUNK;

  public static TrialMemory of(TrialConfig config) {
    List<Integer> widths = new ArrayList<>(config.get(HIDDEN));
    widths.add(CifarBatch.CLASSES);
    boolean bn = config.get(BATCH_NORM);
    int batch = config.get(BATCH_SIZE);
    boolean doubleInputs = config.get(PRECISION) == Precision.DOUBLE;
    long bytes = 0;
    long largest = 0;
    String largestName = "";
    int in = CifarBatch.DIM;
    for (int l = 0; l < widths.size(); l++) {
      long out = widths.get(l);
      long weights = out * in;
      // Parameters and their gradients; each batch-normalised layer adds a few vectors.
      bytes += 2 * 8 * (weights + 6 * out);
      if (weights > largest) {
        largest = weights;
        largestName = "the " + out + " x " + in + " weights of layer " + (l + 1);
      }
      // Activations (scores, outputs, score gradients, and normalised scores with BN) of a
      // mini-batch and of an evaluation chunk.
      int perColumn = bn && l < widths.size() - 1 ? 4 : 3;
      if (config.get(DROPOUT) > 0 && l < widths.size() - 1) {
        // The dropout masks of a mini-batch.
        bytes += 8L * out * batch;
      }
      for (int columns : new int[] {batch, EVALUATION_CHUNK}) {
        bytes += 8L * perColumn * out * columns;
        if (out * columns > largest) {
          largest = out * columns;
          largestName = "the " + out + " x " + columns + " activations of layer " + (l + 1);
        }
      }
      if (l == 0) {
        // The first layer's single-precision copies of the weights, and of the weight
        // gradients of a training step, in each of the two input blocks.
        bytes += 4 * 3 * weights + 4L * 2 * out * (batch + EVALUATION_CHUNK);
      } else if (config.get(PRECISION).floatUpperLayers()) {
        // The float operands and results of the layer's products (FloatProducts), in the
        // activations of a mini-batch and of an evaluation chunk.
        for (int columns : new int[] {batch, EVALUATION_CHUNK}) {
          bytes += 4L * (weights + (in + out) * columns
              + Math.max(weights, Math.max(in, out) * columns));
        }
      }
      in = (int) Math.min(Integer.MAX_VALUE, out);
    }
    // Input buffers: single precision, plus a double twin for double precision.
    long inputs = (long) CifarBatch.DIM * (batch + EVALUATION_CHUNK);
    bytes += inputs * (doubleInputs ? 12 : 4);
    return new TrialMemory(bytes, largest, largestName);
  }

  /**
   * The data set as a JVM holds it for its trials: every image of the split in single
   * precision, normalised.
   */
  public static long dataBytes(org.bnsweep.data.DataConfig data) {
    return 4L * CifarBatch.DIM
        * ((long) data.trainingSize() + data.validationSize() + data.testSize());
  }

  /** True if every matrix fits in a Java array. */
  public boolean fitsInArrays() {
    return largestElements <= Integer.MAX_VALUE;
  }

  /**
   * Checks that the trial can be built and that it fits in {@code limitBytes} beside {@code
   * otherBytes}; else one line naming the trial, the need, the limit and the fix.
   *
   * @param trial names the trial: "network.hidden [1000000]", "trial 3f2a... of stage coarse"
   * @param otherBytes what else the JVM holds: the data, other trials at once
   * @param other says what otherBytes is: "the data"
   * @param limit names the limit: "the JVM's heap"
   * @param raise how to raise it: "BNSWEEP_HEAP"
   */
  public void check(String trial, long otherBytes, String other, long limitBytes, String limit,
      String raise) {
    if (!fitsInArrays()) {
      throw new IllegalArgumentException(trial + ": " + largest + " are "
          + String.format(Locale.ROOT, "%,d", largestElements) + " elements, more than a Java"
          + " array holds (" + String.format(Locale.ROOT, "%,d", Integer.MAX_VALUE)
          + "); lower network.hidden");
    }
    if (bytes + otherBytes > limitBytes) {
      throw new IllegalArgumentException(trial + " needs about " + size(bytes + otherBytes)
          + " of memory (" + size(bytes) + " for the trial's weights, gradients, activations"
          + " and buffers, " + size(otherBytes) + " for " + other + ") but " + limit + " is "
          + size(limitBytes) + "; lower network.hidden or raise " + raise + " to "
          + suggested(bytes + otherBytes));
    }
  }

  /** A memory setting above {@code bytes} with room to spare: "14g". */
  static String suggested(long bytes) {
    return (long) Math.ceil(bytes * 1.1 / (1L << 30)) + "g";
  }

  /** Bytes in words: 1.5 GB, 320 MB. */
  public static String size(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }
}
