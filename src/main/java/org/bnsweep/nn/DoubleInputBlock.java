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
  public void multiply(DoubleMatrix w, DoubleMatrix out) {
    Gemm.gemm(false, false, 1.0, w, x, 0.0, out);
  }

  @Override
  public void multiplyTransposed(DoubleMatrix g, DoubleMatrix out) {
    Gemm.gemm(false, true, 1.0, g, x, 0.0, out);
  }
}
