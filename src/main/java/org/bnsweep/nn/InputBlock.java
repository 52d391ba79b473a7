package org.bnsweep.nn;

import java.util.List;
import org.jblas.DoubleMatrix;

/**
 * The examples the first layer multiplies, one per column ({@code dim x columns}). The first
 * layer's two products (3,072-long sums) are almost all of a step's arithmetic, so this is the
 * one place where the precision of the arithmetic is chosen; every other layer is in double.
 *
 * <p>The products take the first layers of several networks at once (a pack of trials that share
 * the mini-batches): their weights are stacked into one {@code (K m) x dim} matrix and multiplied
 * in one BLAS call, which runs somewhat nearer BLAS's peak than K calls of m = 50 rows
 * (docs/performance.md measures how much). A list of one is the plain product.
 */
public interface InputBlock {

  int dim();

  int columns();

  /**
   * {@code outs[k] = as[k] * X}, or {@code as[k] * X^T} if {@code transposed}, for every k, as
   * one product; mutates {@code outs}. The implementations' one entry point: the product and its
   * transpose differ only in which of X's dimensions is summed over.
   */
  void product(boolean transposed, List<DoubleMatrix> as, List<DoubleMatrix> outs);

  /**
   * {@code outs[k] (m_k x columns) = ws[k] (m_k x dim) * X} for every k, as one product;
   * mutates {@code outs}.
   */
  default void multiply(List<DoubleMatrix> ws, List<DoubleMatrix> outs) {
    product(false, ws, outs);
  }

  /**
   * {@code outs[k] (m_k x dim) = gs[k] (m_k x columns) * X^T} for every k, as one product;
   * mutates {@code outs}.
   */
  default void multiplyTransposed(List<DoubleMatrix> gs, List<DoubleMatrix> outs) {
    product(true, gs, outs);
  }

  /** {@code out (m x columns) = w (m x dim) * X}; mutates {@code out}. */
  default void multiply(DoubleMatrix w, DoubleMatrix out) {
    multiply(List.of(w), List.of(out));
  }

  /** {@code out (m x dim) = g (m x columns) * X^T}; mutates {@code out}. */
  default void multiplyTransposed(DoubleMatrix g, DoubleMatrix out) {
    multiplyTransposed(List.of(g), List.of(out));
  }

  /**
   * The gradient-descent step of the first layers {@code ws} after {@link
   * #multiplyTransposed}, {@code W -= eta (G + 2 lambda W)} with {@code twoLambdas[k] = 2
   * lambda_k} and {@code minusEtas[k] = -eta_k}, if this block keeps their gradients itself
   * (mutates ws); false if it does not, and the caller steps them with the gradients the
   * product wrote.
   */
  default boolean stepFirstLayers(List<DoubleMatrix> ws, double[] twoLambdas,
      double[] minusEtas) {
    return false;
  }

  /**
   * The rows of all of {@code as}, which must have {@code columns} columns each: the weight
   * matrices of a product, or the score gradients of a {@code transposed} one.
   */
  static int stackedRows(List<DoubleMatrix> as, int columns, boolean transposed) {
    int rows = 0;
    for (DoubleMatrix a : as) {
      if (a.columns != columns) {
        throw new IllegalArgumentException((transposed ? "a first layer's score gradient"
            : "a first layer's weight matrix") + " has " + a.columns + " columns where the"
            + " product needs " + columns);
      }
      rows += a.rows;
    }
    return rows;
  }
}
