package org.bnsweep.nn;

import org.jblas.DoubleMatrix;
import org.jblas.NativeBlas;

/**
 * Inputs held in single precision, multiplied with {@code sgemm}. The weights stay in double:
 * each product rounds a copy of them to float, and its result is widened back to double, so
 * only the first layer's two products run in single precision (twice the BLAS throughput and
 * half the memory traffic of double). The scratch buffers are sized once, for one weight shape.
 */
public final class FloatInputBlock implements InputBlock {
  private final int dim;
  private final int columns;
  private final float[] x;
  private float[] weights = new float[0];
  private float[] grads = new float[0];
  private float[] product = new float[0];

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
    product = ensure(product, m * columns);
    NativeBlas.sgemm('N', 'N', m, columns, dim, 1f, weights, 0, m, x, 0, dim, 0f, product, 0, m);
    widen(product, out.data, m * columns);
  }

  @Override
  public void multiplyTransposed(DoubleMatrix g, DoubleMatrix out) {
    int m = g.rows;
    grads = narrow(g.data, grads);
    product = ensure(product, m * dim);
    NativeBlas.sgemm('N', 'T', m, dim, columns, 1f, grads, 0, m, x, 0, dim, 0f, product, 0, m);
    widen(product, out.data, m * dim);
  }

  private static float[] narrow(double[] from, float[] into) {
    float[] to = ensure(into, from.length);
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

  private static float[] ensure(float[] buffer, int length) {
    return buffer.length >= length ? buffer : new float[length];
  }
}
