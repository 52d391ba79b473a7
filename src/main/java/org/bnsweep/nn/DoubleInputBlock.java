package org.bnsweep.nn;

import org.jblas.DoubleMatrix;

/** Inputs held in double precision; used by the gradient check and by double-precision training. */
public final class DoubleInputBlock implements InputBlock {
  private final DoubleMatrix x;

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
  public void product(boolean transposed, DoubleMatrix a, DoubleMatrix out) {
    Gemm.gemm(false, transposed, 1.0, a, x, 0.0, out);
  }
}
