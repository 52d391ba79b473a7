package org.bnsweep.nn;

import java.util.Arrays;
import org.jblas.DoubleMatrix;

/**
 * Sums over the examples of a mini-batch, one column per example: the bias gradient, the batch
 * mean before its division, and batch normalisation's {@code dbeta} are all this one reduction.
 * jblas's own {@code rowSums()} allocates its result, which a training step must not.
 */
final class BatchSums {
  private BatchSums() {}

  /**
   * {@code sums (rows x 1) = } the per-row sums of {@code a (rows x columns)}, each summed in
   * column order; mutates sums.
   */
  static void rowSums(DoubleMatrix a, DoubleMatrix sums) {
    int rows = a.rows;
    double[] d = a.data;
    double[] s = sums.data;
    Arrays.fill(s, 0.0);
    for (int j = 0; j < a.columns; j++) {
      int col = j * rows;
      for (int i = 0; i < rows; i++) {
        s[i] += d[col + i];
      }
    }
  }
}
