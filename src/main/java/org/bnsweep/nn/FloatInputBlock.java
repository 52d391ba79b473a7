package org.bnsweep.nn;

import java.util.List;
import org.jblas.DoubleMatrix;

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
  // Narrowed operands and products, forward [0] and backward [1], each of its own exact size:
  // where jblas computes the products (see Gemm), it copies whole arrays in and out of native
  // memory on every call, so a shared buffer sized for the larger would be copied every time.
  private final float[][] narrowed = {new float[0], new float[0]};
  private final float[][] products = {new float[0], new float[0]};

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
  public void product(boolean transposed, List<DoubleMatrix> as, List<DoubleMatrix> outs) {
    int inner = transposed ? columns : dim;
    int outer = transposed ? dim : columns;
    int m = InputBlock.stackedRows(as, inner, transposed);
    int i = transposed ? 1 : 0;
    narrowed[i] = exactly(narrowed[i], m * inner);
    StackedRows.narrow(as, m, inner, narrowed[i]);
    products[i] = exactly(products[i], m * outer);
    Gemm.sgemm(false, transposed, m, outer, inner, 1f, narrowed[i], m, x, dim, 0f, products[i],
        m);
    StackedRows.widen(products[i], m, outer, outs);
  }

  /** {@code buffer} if it has {@code length} elements, else a new array of that length. */
  private static float[] exactly(float[] buffer, int length) {
    return buffer.length == length ? buffer : new float[length];
  }
}
