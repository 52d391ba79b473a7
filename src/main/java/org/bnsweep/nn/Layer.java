package org.bnsweep.nn;

import java.util.Random;
import org.jblas.DoubleMatrix;

/**
 * The parameters of one fully connected layer: weights, and either a bias or, for a
 * batch-normalised layer, scale gamma, shift beta and the moving averages of the batch
 * statistics. A batch-normalised layer has no bias: batch normalisation subtracts the batch mean,
 * so a bias before it has an exactly-zero gradient and no effect (beta takes its place), as in
 * Ioffe and Szegedy (2015), section 3.2.
 */
public final class Layer {
  final DoubleMatrix w;
  final DoubleMatrix b;
  final DoubleMatrix gamma;
  final DoubleMatrix beta;
  final DoubleMatrix movingMean;
  final DoubleMatrix movingVar;

  private Layer(DoubleMatrix w, boolean batchNorm) {
    this.w = w;
    int m = w.rows;
    this.b = batchNorm ? null : DoubleMatrix.zeros(m);
    this.gamma = batchNorm ? DoubleMatrix.ones(m) : null;
    this.beta = batchNorm ? DoubleMatrix.zeros(m) : null;
    this.movingMean = batchNorm ? DoubleMatrix.zeros(m) : null;
    this.movingVar = batchNorm ? DoubleMatrix.ones(m) : null;
  }

  /** A layer of {@code outputs x inputs} weights drawn from N(0, std^2) with {@code rng}. */
  static Layer initialise(int outputs, int inputs, double std, boolean batchNorm, Random rng) {
    DoubleMatrix w = new DoubleMatrix(outputs, inputs);
    for (int i = 0; i < w.data.length; i++) {
      w.data[i] = std * rng.nextGaussian();
    }
    return new Layer(w, batchNorm);
  }

  /** Its parameters and moving averages, in a fixed order: w, then b or gamma, beta, mean, var. */
  java.util.List<DoubleMatrix> arrays() {
    return batchNorm() ? java.util.List.of(w, gamma, beta, movingMean, movingVar)
        : java.util.List.of(w, b);
  }

  public int outputs() {
    return w.rows;
  }

  public int inputs() {
    return w.columns;
  }

  public boolean batchNorm() {
    return gamma != null;
  }

  public DoubleMatrix weights() {
    return w;
  }

  /** The bias, or {@code null} for a batch-normalised layer. */
  public DoubleMatrix bias() {
    return b;
  }
}
