package org.bnsweep.nn;

import java.util.List;
import org.jblas.DoubleMatrix;

/** Inputs held in double precision; used by the gradient check and by double-precision training. */
public final class DoubleInputBlock implements InputBlock {
  private final DoubleMatrix x;
  // Stacked operands and products of packs of more than one network, forward [0] and
  // backward [1], sized on first use.
  private final DoubleMatrix[] stackedIn = new DoubleMatrix[2];
  private final DoubleMatrix[] stackedOut = new DoubleMatrix[2];

  /** Wraps {@code x} (dim x columns) without copying. */
  public DoubleInputBlock(DoubleMatrix x) {
    this.x = x;
  }

  /** The wrapped matrix; callers that gather batches write into it. */
  public DoubleMatrix matrix() {
    return x;
  }

  @Override
  public int dim() {
    return x.rows;
  }

  @Override
  public int columns() {
    return x.columns;
  }

  @Override
  public void product(boolean transposed, List<DoubleMatrix> as, List<DoubleMatrix> outs) {
    if (as.size() == 1) {
      Gemm.gemm(false, transposed, 1.0, as.get(0), x, 0.0, outs.get(0));
      return;
    }
    int inner = transposed ? x.columns : x.rows;
    int outer = transposed ? x.rows : x.columns;
    int m = InputBlock.stackedRows(as, inner, transposed);
    int i = transposed ? 1 : 0;
    stackedIn[i] = exactly(stackedIn[i], m, inner);
    StackedRows.stack(as, m, inner, stackedIn[i].data);
    stackedOut[i] = exactly(stackedOut[i], m, outer);
    Gemm.gemm(false, transposed, 1.0, stackedIn[i], x, 0.0, stackedOut[i]);
    StackedRows.unstack(stackedOut[i].data, m, outer, outs);
  }

  /** {@code buffer} if it is {@code rows x columns}, else a new matrix of that shape. */
  private static DoubleMatrix exactly(DoubleMatrix buffer, int rows, int columns) {
    return buffer != null && buffer.rows == rows && buffer.columns == columns ? buffer
        : new DoubleMatrix(rows, columns);
  }
}
