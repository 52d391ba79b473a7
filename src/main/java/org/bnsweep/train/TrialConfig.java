package org.bnsweep.train;

import org.bnsweep.nn.NetworkConfig;

/**
 * Everything that decides a trial's numbers besides the data: the network, its training and the
 * seed of its random initialisation and shuffling.
 */
public record TrialConfig(NetworkConfig network, TrainingConfig training, long seed)
    implements java.io.Serializable {

  public TrialConfig {
    if (network == null || training == null) {
      throw new IllegalArgumentException("a trial needs a network and a training config");
    }
  }

  public TrialConfig withSeed(long s) {
    return new TrialConfig(network, training, s);
  }
}
