package org.bnsweep.nn;

import org.jblas.DoubleMatrix;

/**
 * The buffers of one forward and backward pass over a fixed number of columns: what the forward
 * pass caches for the backward pass, and the backward pass's gradients with respect to each
 * layer's scores. Made once per trial and batch size and reused every step, so that training
 * allocates nothing in its inner loop.
 */
public final class Activations {
  final int columns;
  final int[] labels;
  /** Scores {@code W x (+ b)} of each layer, widths x columns. */
  final DoubleMatrix[] scores;
  /** Normalised scores of batch-normalised layers (null elsewhere). */
  final DoubleMatrix[] normalised;
  /** ReLU outputs of hidden layers; the last entry holds the softmax probabilities. */
  final DoubleMatrix[] outputs;
  /** Batch mean and variance of each batch-normalised layer, or the moving ones at inference. */
  final DoubleMatrix[] mean;
  final DoubleMatrix[] var;
  /** {@code 1 / sqrt(var + eps)} of each batch-normalised layer. */
  final DoubleMatrix[] invStd;
  /** Gradient of the loss with respect to each layer's scores. */
  final DoubleMatrix[] scoreGrads;
  /**
   * Inverted-dropout masks of the hidden layers' outputs, 0 for a dropped unit and
   * {@code 1 / (1 - rate)} for a kept one (Srivastava et al. 2014, scaled at training time so
   * that inference needs no change); null without dropout, or for an evaluation's buffers.
   */
  double[][] keep;
  private double dropout;
  /** The float operands of the products above the first layer, or null for dgemm. */
  final FloatProducts floats;

  Activations(Network net, int columns, boolean floatUpperLayers) {
    this.columns = columns;
    this.labels = new int[columns];
    int layers = net.layers().size();
    scores = new DoubleMatrix[layers];
    normalised = new DoubleMatrix[layers];
    outputs = new DoubleMatrix[layers];
    mean = new DoubleMatrix[layers];
    var = new DoubleMatrix[layers];
    invStd = new DoubleMatrix[layers];
    scoreGrads = new DoubleMatrix[layers];
    for (int l = 0; l < layers; l++) {
      Layer layer = net.layers().get(l);
      int m = layer.outputs();
      scores[l] = new DoubleMatrix(m, columns);
      outputs[l] = new DoubleMatrix(m, columns);
      scoreGrads[l] = new DoubleMatrix(m, columns);
      if (layer.batchNorm()) {
        normalised[l] = new DoubleMatrix(m, columns);
        mean[l] = new DoubleMatrix(m);
        var[l] = new DoubleMatrix(m);
        invStd[l] = new DoubleMatrix(m);
      }
    }
    floats = floatUpperLayers ? new FloatProducts(net, columns) : null;
  }

  /**
   * Makes these buffers apply inverted dropout of {@code rate} to every hidden layer's outputs
   * in the forward passes that are not {@link Mode#INFERENCE}, with masks that stay fixed until
   * {@link #drawDropout} draws new ones (all units kept until then). A rate of 0 turns it off.
   */
  public void enableDropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
    }
    dropout = rate;
    if (rate == 0) {
      keep = null;
      return;
    }
    keep = new double[outputs.length - 1][];
    for (int l = 0; l < keep.length; l++) {
      keep[l] = new double[outputs[l].length];
      java.util.Arrays.fill(keep[l], 1 / (1 - rate));
    }
  }

  /**
   * Draws new dropout masks, each unit of each column kept with probability {@code 1 - rate};
   * mutates the masks. Does nothing without dropout.
   */
  public void drawDropout(java.util.SplittableRandom rng) {
    if (keep == null) {
      return;
    }
    double scale = 1 / (1 - dropout);
    for (double[] mask : keep) {
      for (int i = 0; i < mask.length; i++) {
        mask[i] = rng.nextDouble() < dropout ? 0 : scale;
      }
    }
  }

  public int columns() {
    return columns;
  }

  /** The labels of the columns; callers fill it before a pass. */
  public int[] labels() {
    return labels;
  }

  /** Softmax probabilities of the last forward pass, classes x columns. */
  public DoubleMatrix probabilities() {
    return outputs[outputs.length - 1];
  }
}
