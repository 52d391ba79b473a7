package org.bnsweep.nn;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.jblas.DoubleMatrix;

/**
 * Compares the analytic gradients of {@link Network#backward} with centred differences of the
 * cost, for every element of every parameter, in double precision with batch statistics (the
 * moving averages untouched).
 *
 * <p>The difference is the fourth-order centred one,
 * {@code (J(t - 2h) - 8 J(t - h) + 8 J(t + h) - J(t + 2h)) / 12h}. The plain
 * {@code (J(t + h) - J(t - h)) / 2h} cannot reach a relative error of 1e-6 on the smallest
 * gradients: its rounding error, about {@code 1e-16 * J / h}, is 3e-11 at h = 1e-5, which is
 * 1e-4 of a 3e-7 gradient (such gradients occur, on weights fed by a barely active unit), while
 * a larger h brings in truncation error of order h^2. The fourth-order formula's truncation
 * error is of order h^4, so a larger h keeps both small.
 *
 * <p>The cost is not differentiable where a ReLU input is exactly 0. When {@code theta +- h}
 * lands on the two sides of such a kink (some ReLU turns on or off), the centred difference
 * measures a mix of two slopes, not the derivative, as the CS231n notes on gradient checks
 * explain. Such an element is retried with a step 100 times smaller, and if that still
 * straddles a kink it is counted in {@link ParameterError#kinks()} and left out of the maximum.
 */
public final class GradientCheck {
  /** Step of the centred differences: truncation error ~h^4, rounding error ~1e-16 / h. */
  public static final double STEP = 1e-3;
  /** Floor of the denominator, so that two gradients that are both ~0 count as agreeing. */
  public static final double TINY = 1e-9;

  /** The largest relative and absolute differences over one parameter's elements. */
  public record ParameterError(String name, int elements, double maxRelative, double maxAbsolute,
      double maxGradient, int kinks, int worstIndex, double worstAnalytic, double worstNumeric) {}

  private GradientCheck() {}

  /**
   * Checks every parameter of {@code net} on inputs {@code x} (dim x n) with {@code labels}.
   *
   * @return one entry per parameter, in layer order
   */
  public static List<ParameterError> check(Network net, DoubleMatrix x, int[] labels,
      double lambda) {
    return compare(net, x, labels, lambda, lambda);
  }

  /**
   * As {@link #check}, with the analytic gradient taken for {@code gradientLambda}: a test
   * passes a different one to make sure that a wrong gradient is caught.
   */
  static List<ParameterError> compare(Network net, DoubleMatrix x, int[] labels,
      double gradientLambda, double lambda) {
    return compare(net, x, labels, gradientLambda, lambda, 0, 0);
  }

  /**
   * As {@link #check}, with inverted dropout of {@code dropout} on the hidden layers: one mask,
   * drawn from {@code maskSeed}, stays fixed for every forward pass, so the cost is a smooth
   * function of the parameters whose gradient the backward pass must give.
   */
  public static List<ParameterError> checkWithDropout(Network net, DoubleMatrix x, int[] labels,
      double lambda, double dropout, long maskSeed) {
    return compare(net, x, labels, lambda, lambda, dropout, maskSeed);
  }

  static List<ParameterError> compare(Network net, DoubleMatrix x, int[] labels,
      double gradientLambda, double lambda, double dropout, long maskSeed) {
    DoubleInputBlock input = new DoubleInputBlock(x);
    Activations a = net.activations(x.columns);
    a.enableDropout(dropout);
    a.drawDropout(new java.util.SplittableRandom(maskSeed));
    System.arraycopy(labels, 0, a.labels, 0, labels.length);
    Gradients g = net.gradients();
    net.forward(input, a, Mode.BATCH_STATISTICS);
    net.backward(input, a, gradientLambda, g);

    List<ParameterError> errors = new ArrayList<>();
    for (Gradients.Pair pair : g.pairs(net)) {
      double maxRel = 0;
      double maxAbs = 0;
      double maxGrad = 0;
      int kinks = 0;
      int worst = -1;
      double worstAnalytic = Double.NaN;
      double worstNumeric = Double.NaN;
      double[] theta = pair.parameter().data;
      for (int i = 0; i < theta.length; i++) {
        double numeric = centredDifference(net, input, a, lambda, theta, i, STEP);
        if (Double.isNaN(numeric)) {
          numeric = centredDifference(net, input, a, lambda, theta, i, STEP / 100);
        }
        if (Double.isNaN(numeric)) {
          kinks++;
          continue;
        }
        double analytic = pair.gradient().data[i];
        double diff = Math.abs(analytic - numeric);
        maxAbs = Math.max(maxAbs, diff);
        double rel = diff / Math.max(TINY, Math.abs(analytic) + Math.abs(numeric));
        if (rel > maxRel || worst < 0) {
          maxRel = rel;
          worst = i;
          worstAnalytic = analytic;
          worstNumeric = numeric;
        }
        maxGrad = Math.max(maxGrad, Math.abs(analytic));
      }
      errors.add(new ParameterError(pair.name(), theta.length, maxRel, maxAbs, maxGrad, kinks, worst,
          worstAnalytic, worstNumeric));
    }
    return errors;
  }

  /**
   * The fourth-order centred difference at {@code theta[i]}, or NaN if its four points do not
   * all have the same ReLU pattern (a kink lies between them). Restores {@code theta[i]}.
   */
  private static double centredDifference(Network net, InputBlock x, Activations a,
      double lambda, double[] theta, int i, double h) {
    double saved = theta[i];
    double[] offsets = {-2 * h, -h, h, 2 * h};
    double[] costs = new double[offsets.length];
    BitSet first = null;
    boolean sameSide = true;
    for (int k = 0; k < offsets.length; k++) {
      theta[i] = saved + offsets[k];
      costs[k] = cost(net, x, a, lambda);
      BitSet pattern = reluPattern(a);
      if (first == null) {
        first = pattern;
      } else {
        sameSide &= first.equals(pattern);
      }
    }
    theta[i] = saved;
    // Differences first: when the cost does not move at all, this gives exactly 0.
    return sameSide
        ? (8 * (costs[2] - costs[1]) - (costs[3] - costs[0])) / (12 * h)
        : Double.NaN;
  }

  private static double cost(Network net, InputBlock x, Activations a, double lambda) {
    net.forward(x, a, Mode.BATCH_STATISTICS);
    return Network.loss(a) + lambda * net.squaredWeights();
  }

  /** Which hidden units are active (ReLU output > 0) for which examples. */
  private static BitSet reluPattern(Activations a) {
    BitSet pattern = new BitSet();
    int bit = 0;
    for (int l = 0; l < a.outputs.length - 1; l++) {
      for (double v : a.outputs[l].data) {
        pattern.set(bit++, v > 0);
      }
    }
    return pattern;
  }
}
