package org.bnsweep.nn;

import org.jblas.DoubleMatrix;

/**
 * The products of the layers above the first in single precision ({@link Precision#SINGLE_ALL})
 * for one {@link Activations}: each operand is rounded to float, multiplied with {@code sgemm},
 * and the product widened back to double. The forward pass leaves the rounded weights and inputs
 * of each layer here, and the backward pass over the same activations reuses them (neither
 * changes in between: the step comes after the backward pass). Buffers are made once.
 */
final class FloatProducts {
  /** Per layer l >= 1: its weights, its input (layer l-1's outputs) and its score gradient. */
  private final float[][] weights;
  private final float[][] inputs;
  private final float[][] scoreGrads;
  /** Per layer: a product's result, as large as the largest of the layer's three products. */
  private final float[][] results;

  FloatProducts(Network net, int columns) {
    int layers = net.layers().size();
    weights = new float[layers][];
    inputs = new float[layers][];
    scoreGrads = new float[layers][];
    results = new float[layers][];
    for (int l = 1; l < layers; l++) {
      Layer layer = net.layers().get(l);
      int m = layer.outputs();
      int in = layer.inputs();
      weights[l] = new float[m * in];
      inputs[l] = new float[in * columns];
      scoreGrads[l] = new float[m * columns];
      results[l] = new float[Math.max(m * in, Math.max(m, in) * columns)];
    }
  }

  /** {@code scores (m x n) = w (m x in) * input (in x n)} of layer l; mutates scores. */
  void forward(int l, DoubleMatrix w, DoubleMatrix input, DoubleMatrix scores) {
    narrow(w.data, weights[l]);
    narrow(input.data, inputs[l]);
    Gemm.sgemm(false, false, w.rows, input.columns, w.columns, 1f, weights[l], w.rows,
        inputs[l], input.rows, 0f, results[l], w.rows);
    widen(results[l], scores.data);
  }

  /**
   * After {@link #forward} of layer l over the same activations: {@code weightGrad (m x in) =
   * grad (m x n) * input^T} and {@code below (in x n) = w^T * grad}; mutates weightGrad and
   * below.
   */
  void backward(int l, DoubleMatrix w, DoubleMatrix grad, DoubleMatrix weightGrad,
      DoubleMatrix below) {
    int m = w.rows;
    int in = w.columns;
    int n = grad.columns;
    narrow(grad.data, scoreGrads[l]);
    Gemm.sgemm(false, true, m, in, n, 1f, scoreGrads[l], m, inputs[l], in, 0f, results[l], m);
    widen(results[l], weightGrad.data);
    Gemm.sgemm(true, false, in, n, m, 1f, weights[l], m, scoreGrads[l], m, 0f, results[l], in);
    widen(results[l], below.data);
  }

  /** Rounds all of {@code from} to float into the start of {@code into}. */
  static void narrow(double[] from, float[] into) {
    for (int i = 0; i < from.length; i++) {
      into[i] = (float) from[i];
    }
  }

  /** Widens the start of {@code from} into all of {@code into}; mutates it. */
  static void widen(float[] from, double[] into) {
    for (int i = 0; i < into.length; i++) {
      into[i] = from[i];
    }
  }
}
