package org.bnsweep.nn;

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
    // Values are checked where they are declared (params.Hyperparameters); this guards the
    // network against shapes it cannot build.
    if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(w -> w == null || w < 1)
        || init == null) {
      throw new IllegalArgumentException("a network needs hidden widths >= 1 and an"
          + " initialisation, got " + hidden + " and " + init);
    }
    hidden = List.copyOf(hidden);
  }

  /** Number of layers with weights: hidden layers plus the output layer. */
  public int layers() {
    return hidden.size() + 1;
  }
}
