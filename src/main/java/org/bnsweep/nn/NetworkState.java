package org.bnsweep.nn;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * Every number a network carries from one update to the next: per layer the weights, the bias
 * or batch normalisation's gamma, beta and moving averages, and whether the moving averages have
 * started. A copy, so that a checkpoint does not change as training goes on.
 *
 * @param layers per layer, in order: w, then b, or gamma, beta, moving mean, moving variance
 */
public record NetworkState(List<double[][]> layers, boolean movingAveragesStarted)
    implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  public NetworkState {
    layers = List.copyOf(layers);
  }
}
