package org.bnsweep.nn;

import java.util.List;
import org.jblas.DoubleMatrix;
import org.jblas.NativeBlas;

/**
 * Inputs held in single precision, multiplied with {@code sgemm}. The weights stay in double:
 * each product rounds a copy of them to float, and its result is widened back to double, so
 * only the first layer's two products run in single precision (twice the BLAS throughput and
 * half the memory traffic of double). The scratch buffers are sized on first use, for one weight
 * shape (one pack's stacked first layers), and reused.
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
  public void multiply(List<DoubleMatrix> ws, List<DoubleMatrix> outs) {
    int m = InputBlock.stackedRows(ws, dim, "a first layer's weight matrix");
    weights = exactly(weights, m * dim);
    StackedRows.narrow(ws, m, dim, weights);
    scores = exactly(scores, m * columns);
    NativeBlas.sgemm('N', 'N', m, columns, dim, 1f, weights, 0, m, x, 0, dim, 0f, scores, 0, m);
    StackedRows.widen(scores, m, columns, outs);
  }

  @Override
  public void multiplyTransposed(List<DoubleMatrix> gs, List<DoubleMatrix> outs) {
    int m = InputBlock.stackedRows(gs, columns, "a first layer's score gradient");
    grads = exactly(grads, m * columns);
    StackedRows.narrow(gs, m, columns, grads);
    weightGrads = exactly(weightGrads, m * dim);
    NativeBlas.sgemm('N', 'T', m, dim, columns, 1f, grads, 0, m, x, 0, dim, 0f, weightGrads, 0,
        m);
    StackedRows.widen(weightGrads, m, dim, outs);
  }

  /** {@code buffer} if it has {@code length} elements, else a new array of that length. */
  private static float[] exactly(float[] buffer, int length) {
    return buffer.length == length ? buffer : new float[length];
  }
}
