package org.bnsweep.nn;

import org.jblas.DoubleMatrix;

/**
 * The examples the first layer multiplies, one per column ({@code dim x columns}). The first
 * layer's two products (3,072-long sums) are almost all of a step's arithmetic, so this is the
 * one place where the precision of the arithmetic is chosen; every other layer is in double.
 */
public interface InputBlock {

  int dim();

  int columns();

  /** {@code out (m x columns) = w (m x dim) * X}; mutates {@code out}. */
  void multiply(DoubleMatrix w, DoubleMatrix out);

  /** {@code out (m x dim) = g (m x columns) * X^T}; mutates {@code out}. */
  void multiplyTransposed(DoubleMatrix g, DoubleMatrix out);
}
