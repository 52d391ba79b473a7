package org.bnsweep.train;

/**
 * The triangular cyclical learning rate of Smith (2017), "Cyclical Learning Rates for Training
 * Neural Networks": over each cycle of {@code 2 * stepSize} updates the rate climbs linearly
 * from etaMin to etaMax, then falls back.
 */
public record CyclicalLearningRate(double etaMin, double etaMax, int stepSize) {

  public CyclicalLearningRate {
    if (stepSize < 1) {
      throw new IllegalArgumentException("step size must be >= 1 update, got " + stepSize);
    }
  }

  /** The rate for update {@code t}, counted from 0. */
  public double at(long t) {
    long phase = t % (2L * stepSize);
    double fraction = phase < stepSize
        ? (double) phase / stepSize
        : (double) (2L * stepSize - phase) / stepSize;
    return etaMin + fraction * (etaMax - etaMin);
  }
}
