package org.bnsweep.nn;

import com.typesafe.config.Config;
import java.util.List;

/**
 * The shape and normalisation of a network.
 *
 * @param hidden widths of the hidden layers, in order; the network has {@code hidden.size() + 1}
 *     layers, the last one a softmax over the classes
 * @param batchNorm batch normalisation before every hidden ReLU
 * @param init weight initialisation
 * @param bnAlpha weight of the old value in the moving averages of batch mean and variance
 * @param bnEpsilon added to the batch variance before its square root
 */
public record NetworkConfig(
    List<Integer> hidden, boolean batchNorm, Initialisation init, double bnAlpha, double bnEpsilon)
    implements java.io.Serializable {

  public NetworkConfig {
    if (hidden == null || hidden.isEmpty()) {
      throw new IllegalArgumentException(
          "network.hidden must list at least one hidden width, such as [50, 50], got "
              + hidden);
    }
    for (Integer w : hidden) {
      if (w == null || w < 1) {
        throw new IllegalArgumentException(
            "network.hidden widths must be >= 1, got " + hidden);
      }
    }
    hidden = List.copyOf(hidden);
    if (init == null) {
      throw new IllegalArgumentException("network.init must be \"he\" or a sigma > 0");
    }
    if (!(bnAlpha >= 0 && bnAlpha < 1)) {
      throw new IllegalArgumentException("network.bn-alpha must be in [0, 1), got " + bnAlpha);
    }
    if (!(bnEpsilon > 0 && bnEpsilon < 1)) {
      throw new IllegalArgumentException("network.bn-epsilon must be in (0, 1), got " + bnEpsilon);
    }
  }

  public static NetworkConfig fromConfig(Config c) {
    return new NetworkConfig(c.getIntList("hidden"), c.getBoolean("batch-norm"),
        Initialisation.fromConfig(c, "init"), c.getDouble("bn-alpha"), c.getDouble("bn-epsilon"));
  }

  /** Number of layers with weights: hidden layers plus the output layer. */
  public int layers() {
    return hidden.size() + 1;
  }

  /** A copy with other hidden widths. */
  public NetworkConfig withHidden(List<Integer> widths) {
    return new NetworkConfig(widths, batchNorm, init, bnAlpha, bnEpsilon);
  }

  public NetworkConfig withBatchNorm(boolean on) {
    return new NetworkConfig(hidden, on, init, bnAlpha, bnEpsilon);
  }

  public NetworkConfig withInit(Initialisation i) {
    return new NetworkConfig(hidden, batchNorm, i, bnAlpha, bnEpsilon);
  }
}
