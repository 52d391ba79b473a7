package org.bnsweep.nn;

import org.jblas.DoubleMatrix;
import org.jblas.NativeBlas;

/**
 * Inputs held in single precision, multiplied with {@code sgemm}. The weights stay in double:
 * each product rounds a copy of them to float, and its result is widened back to double, so
 * only the first layer's two products run in single precision (twice the BLAS throughput and
 * half the memory traffic of double). The scratch buffers are sized on first use, for one weight
 * shape, and reused.
 */
public final class FloatInputBlock implements InputBlock {
  private final int dim;
  private final int columns;
  private final float[] x;
  private float[] weights = new float[0];
  private float[] grads = new float[0];
  // Two products of their own exact sizes: jblas copies whole arrays in and out of native
  // memory on every call, so a shared buffer sized for the larger would be copied every time.
  private float[] scores = new float[0];
  private float[] weightGrads = new float[0];

  /** An empty block of {@code dim x columns}; fill it through {@link #data()}. */
  public FloatInputBlock(int dim, int columns) {
    this.dim = dim;
    this.columns = columns;
    this.x = new float[dim * columns];
  }

  /** The column-major backing array, which batch gathering writes into. */
  public float[] data() {
    return x;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public void multiply(DoubleMatrix w, DoubleMatrix out) {
    int m = w.rows;
    weights = narrow(w.data, weights);
    scores = exactly(scores, m * columns);
    NativeBlas.sgemm('N', 'N', m, columns, dim, 1f, weights, 0, m, x, 0, dim, 0f, scores, 0, m);
    widen(scores, out.data, m * columns);
  }

  @Override
  public void multiplyTransposed(DoubleMatrix g, DoubleMatrix out) {
    int m = g.rows;
    grads = narrow(g.data, grads);
    weightGrads = exactly(weightGrads, m * dim);
    NativeBlas.sgemm('N', 'T', m, dim, columns, 1f, grads, 0, m, x, 0, dim, 0f, weightGrads, 0,
        m);
    widen(weightGrads, out.data, m * dim);
  }

  private static float[] narrow(double[] from, float[] into) {
    float[] to = exactly(into, from.length);
    for (int i = 0; i < from.length; i++) {
      to[i] = (float) from[i];
    }
    return to;
  }

  private static void widen(float[] from, double[] into, int n) {
    for (int i = 0; i < n; i++) {
      into[i] = from[i];
    }
  }

  /** {@code buffer} if it has {@code length} elements, else a new array of that length. */
  private static float[] exactly(float[] buffer, int length) {
    return buffer.length == length ? buffer : new float[length];
  }
}
