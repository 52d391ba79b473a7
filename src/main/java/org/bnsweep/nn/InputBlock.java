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

  /**
   * {@code out = a * X}, or {@code a * X^T} if {@code transposed}; mutates {@code out}. The
   * implementations' one entry point: the product and its transpose differ only in which of X's
   * dimensions is summed over.
   */
  void product(boolean transposed, DoubleMatrix a, DoubleMatrix out);

  /** {@code out (m x columns) = w (m x dim) * X}; mutates {@code out}. */
  default void multiply(DoubleMatrix w, DoubleMatrix out) {
    product(false, w, out);
  }

  /** {@code out (m x dim) = g (m x columns) * X^T}; mutates {@code out}. */
  default void multiplyTransposed(DoubleMatrix g, DoubleMatrix out) {
    product(true, g, out);
  }

  /**
   * The gradient-descent step of the first layer {@code w} after {@link #multiplyTransposed},
   * {@code W -= eta (G + 2 lambda W)} with {@code twoLambda = 2 lambda} and {@code minusEta =
   * -eta}, if this block keeps its gradient itself (mutates w); false if it does not, and the
   * caller steps it with the gradient the product wrote.
   */
  default boolean stepFirstLayer(DoubleMatrix w, double twoLambda, double minusEta) {
    return false;
  }
}
