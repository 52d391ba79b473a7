package org.bnsweep.sweep;

import java.util.List;
import java.util.Random;

/**
 * A joint density over a search space in TPE's internal coordinates (a log-scale range as the
 * log of its value, a list as the index of its value): an equal-weight mixture of one kernel per
 * observation and one broad prior kernel, each a product over the axes of a truncated Gaussian
 * (ranges) or a categorical that favours the observed value (lists). This is the multivariate
 * form of the Parzen estimators of TPE (Bergstra et al., NeurIPS 2011; Falkner et al. 2018 for
 * the joint kernels, as Optuna's {@code multivariate=True}); the bandwidth follows Scott's rule
 * with Optuna's constant 0.2 and its "magic clip" from below.
 */
final class ParzenEstimator {
  /** Weight of the prior kernel against one observation's. */
  static final double PRIOR_WEIGHT = 1.0;
  private static final double SIGMA0 = 0.2;

  private final SpaceCoordinates space;
  /** The kernels' centres: one row per observation, then the prior's row. */
  private final double[][] centres;
  private final double[] sigmas;

  ParzenEstimator(SpaceCoordinates space, List<double[]> observations) {
    this.space = space;
    int n = observations.size();
    int d = space.size();
    this.centres = new double[n + 1][];
    for (int i = 0; i < n; i++) {
      centres[i] = observations.get(i);
    }
    double[] prior = new double[d];
    this.sigmas = new double[d];
    for (int a = 0; a < d; a++) {
      double width = space.high(a) - space.low(a);
      prior[a] = space.categorical(a) ? -1 : (space.low(a) + space.high(a)) / 2;
      double sigma = SIGMA0 * Math.pow(Math.max(n, 1), -1.0 / (d + 4)) * width;
      sigmas[a] = Math.min(width, Math.max(sigma, width / Math.min(100.0, 1.0 + n)));
    }
    centres[n] = prior;
  }

  /** A point drawn from the mixture: a kernel at random, then each axis from that kernel. */
  double[] sample(Random rng) {
    int k = rng.nextInt(centres.length);
    boolean prior = k == centres.length - 1;
    double[] x = new double[space.size()];
    for (int a = 0; a < x.length; a++) {
      if (space.categorical(a)) {
        int choices = space.choices(a);
        // The observed value with probability 1 / (1 + w), else uniform (the prior: uniform).
        boolean keep = !prior && rng.nextDouble() < 1 / (1 + PRIOR_WEIGHT);
        x[a] = keep ? centres[k][a] : rng.nextInt(choices);
      } else {
        double mu = centres[k][a];
        double sigma = prior ? space.high(a) - space.low(a) : sigmas[a];
        x[a] = truncatedNormal(mu, sigma, space.low(a), space.high(a), rng);
      }
    }
    return x;
  }

  /** The log of the mixture's density at {@code x}. */
  double logDensity(double[] x) {
    double[] terms = new double[centres.length];
    for (int k = 0; k < centres.length; k++) {
      boolean prior = k == centres.length - 1;
      double sum = 0;
      for (int a = 0; a < x.length; a++) {
        if (space.categorical(a)) {
          int choices = space.choices(a);
          double p = prior ? 1.0 / choices
              : (PRIOR_WEIGHT / choices + (x[a] == centres[k][a] ? 1 : 0)) / (1 + PRIOR_WEIGHT);
          sum += Math.log(p);
        } else {
          double sigma = prior ? space.high(a) - space.low(a) : sigmas[a];
          sum += logTruncatedNormal(x[a], centres[k][a], sigma, space.low(a), space.high(a));
        }
      }
      terms[k] = sum;
    }
    return logSumExp(terms) - Math.log(centres.length);
  }

  private static double truncatedNormal(double mu, double sigma, double low, double high,
      Random rng) {
    for (int i = 0; i < 100; i++) {
      double x = mu + sigma * rng.nextGaussian();
      if (x >= low && x <= high) {
        return x;
      }
    }
    return Math.min(high, Math.max(low, mu));
  }

  private static double logTruncatedNormal(double x, double mu, double sigma, double low,
      double high) {
    double z = (x - mu) / sigma;
    double mass = normalCdf((high - mu) / sigma) - normalCdf((low - mu) / sigma);
    return -0.5 * z * z - Math.log(sigma * Math.sqrt(2 * Math.PI)) - Math.log(Math.max(mass,
        1e-300));
  }

  /** Phi(z), from erfc by Numerical Recipes' Chebyshev fit (relative error below 1.2e-7). */
  static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196
        + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
        + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  private static double logSumExp(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double x : v) {
      sum += Math.exp(x - max);
    }
    return max + Math.log(sum);
  }
}
