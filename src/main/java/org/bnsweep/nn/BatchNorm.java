package org.bnsweep.nn;

import java.util.Arrays;
import org.jblas.DoubleMatrix;

/**
 * Batch normalisation of a layer's scores, row by row over the columns of a batch, after
 * Ioffe and Szegedy (2015), "Batch Normalization: Accelerating Deep Network Training by Reducing
 * Internal Covariate Shift", algorithms 1 and 2. Matrices are {@code units x columns},
 * column-major; every method writes into its last arguments and allocates nothing.
 */
final class BatchNorm {
  private BatchNorm() {}

  /** Per-row mean and biased (divide by n) variance of {@code s}; mutates mean and var. */
  static void batchStatistics(DoubleMatrix s, DoubleMatrix mean, DoubleMatrix var) {
    int m = s.rows;
    int n = s.columns;
    double[] d = s.data;
    double[] mu = mean.data;
    double[] v = var.data;
    BatchSums.rowSums(s, mean);
    for (int i = 0; i < m; i++) {
      mu[i] /= n;
    }
    Arrays.fill(v, 0.0);
    for (int j = 0; j < n; j++) {
      int col = j * m;
      for (int i = 0; i < m; i++) {
        double c = d[col + i] - mu[i];
        v[i] += c * c;
      }
    }
    for (int i = 0; i < m; i++) {
      v[i] /= n;
    }
  }

  /** {@code invStd = 1 / sqrt(var + eps)}; mutates invStd. */
  static void inverseStd(DoubleMatrix var, double eps, DoubleMatrix invStd) {
    for (int i = 0; i < var.length; i++) {
      invStd.data[i] = 1.0 / Math.sqrt(var.data[i] + eps);
    }
  }

  /**
   * {@code normalised = (s - mean) * invStd} and {@code out = relu(gamma * normalised + beta)};
   * mutates normalised and out.
   */
  static void normaliseScaleShiftRelu(DoubleMatrix s, DoubleMatrix mean, DoubleMatrix invStd,
      DoubleMatrix gamma, DoubleMatrix beta, DoubleMatrix normalised, DoubleMatrix out) {
    int m = s.rows;
    int n = s.columns;
    double[] inv = invStd.data;
    double[] d = s.data;
    double[] h = normalised.data;
    double[] o = out.data;
    double[] g = gamma.data;
    double[] be = beta.data;
    double[] mu = mean.data;
    for (int j = 0; j < n; j++) {
      int col = j * m;
      for (int i = 0; i < m; i++) {
        double hat = (d[col + i] - mu[i]) * inv[i];
        h[col + i] = hat;
        double z = g[i] * hat + be[i];
        o[col + i] = Relu.of(z);
      }
    }
  }

  /**
   * Back through scale, shift and normalisation with batch statistics. On entry {@code grad}
   * holds the gradient with respect to {@code gamma * normalised + beta}; on exit, with respect
   * to the scores before normalisation. Also writes dgamma and dbeta, the per-row sums over the
   * batch of {@code grad * normalised} and of {@code grad}. Mutates grad, dGamma, dBeta.
   *
   * <p>With {@code gs = grad * gamma}, the score gradient is
   * {@code (gs - mean(gs) - normalised * mean(gs * normalised)) * invStd}, the
   * per-row means taken over the batch.
   */
  static void backward(DoubleMatrix grad, DoubleMatrix normalised, DoubleMatrix invStd,
      DoubleMatrix gamma, DoubleMatrix dGamma, DoubleMatrix dBeta) {
    BatchSums.rowSums(grad, dBeta);
    int m = grad.rows;
    int n = grad.columns;
    double[] gr = grad.data;
    double[] h = normalised.data;
    double[] g = gamma.data;
    for (int i = 0; i < m; i++) {
      double dg = 0;
      for (int j = 0; j < n; j++) {
        int k = j * m + i;
        dg += gr[k] * h[k];
      }
      dGamma.data[i] = dg;
      // mean(gs) = gamma * dbeta / n and mean(gs * normalised) = gamma * dgamma / n.
      double inv = invStd.data[i];
      double meanGs = g[i] * dBeta.data[i] / n;
      double meanGsHat = g[i] * dg / n;
      for (int j = 0; j < n; j++) {
        int k = j * m + i;
        gr[k] = (gr[k] * g[i] - meanGs - h[k] * meanGsHat) * inv;
      }
    }
  }

  /** {@code moving = alpha * moving + (1 - alpha) * batch}; mutates moving. */
  static void updateMovingAverage(DoubleMatrix moving, DoubleMatrix batch, double alpha) {
    for (int i = 0; i < moving.length; i++) {
      moving.data[i] = alpha * moving.data[i] + (1 - alpha) * batch.data[i];
    }
  }
}
