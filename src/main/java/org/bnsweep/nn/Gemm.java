package org.bnsweep.nn;

import org.jblas.DoubleMatrix;
import org.jblas.NativeBlas;

/**
 * General matrix products with transposes, straight to BLAS {@code dgemm}, writing into a
 * caller's buffer so that the training loop allocates nothing. jblas's own {@code mmuli} has
 * no transpose flags and would need transposed copies of the weights every step.
 */
final class Gemm {
  private Gemm() {}

  /** {@code c = alpha * op(a) * op(b) + beta * c}; mutates {@code c}. */
  static void gemm(boolean transA, boolean transB, double alpha, DoubleMatrix a, DoubleMatrix b,
      double beta, DoubleMatrix c) {
    int m = transA ? a.columns : a.rows;
    int k = transA ? a.rows : a.columns;
    int kb = transB ? b.columns : b.rows;
    int n = transB ? b.rows : b.columns;
    if (k != kb || c.rows != m || c.columns != n) {
      throw new IllegalArgumentException("gemm shapes do not agree: op(a) " + m + "x" + k
          + ", op(b) " + kb + "x" + n + ", c " + c.rows + "x" + c.columns);
    }
    NativeBlas.dgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, alpha, a.data, 0,
        Math.max(1, a.rows), b.data, 0, Math.max(1, b.rows), beta, c.data, 0, Math.max(1, c.rows));
  }
}
