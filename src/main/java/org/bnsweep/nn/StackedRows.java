package org.bnsweep.nn;

import java.util.List;
import org.jblas.DoubleMatrix;

/**
 * Copies between a list of column-major matrices of equal column counts and one column-major
 * matrix holding them on top of each other (the first's rows, then the second's, ...). For a
 * list of one, both layouts are the same array, element for element.
 */
final class StackedRows {
  private StackedRows() {}

  /** Rounds {@code ms} to float into {@code into} (rows x columns, stacked). */
  static void narrow(List<DoubleMatrix> ms, int rows, int columns, float[] into) {
    int top = 0;
    for (DoubleMatrix m : ms) {
      double[] d = m.data;
      int r = m.rows;
      for (int j = 0; j < columns; j++) {
        int from = j * r;
        int to = j * rows + top;
        for (int i = 0; i < r; i++) {
          into[to + i] = (float) d[from + i];
        }
      }
      top += r;
    }
  }

  /** Widens the stacked {@code from} (rows x columns) into {@code ms}; mutates them. */
  static void widen(float[] from, int rows, int columns, List<DoubleMatrix> ms) {
    int top = 0;
    for (DoubleMatrix m : ms) {
      double[] d = m.data;
      int r = m.rows;
      for (int j = 0; j < columns; j++) {
        int src = j * rows + top;
        int to = j * r;
        for (int i = 0; i < r; i++) {
          d[to + i] = from[src + i];
        }
      }
      top += r;
    }
  }

  /** Copies {@code ms} into {@code into} (rows x columns, stacked). */
  static void stack(List<DoubleMatrix> ms, int rows, int columns, double[] into) {
    int top = 0;
    for (DoubleMatrix m : ms) {
      for (int j = 0; j < columns; j++) {
        System.arraycopy(m.data, j * m.rows, into, j * rows + top, m.rows);
      }
      top += m.rows;
    }
  }

  /** Copies the stacked {@code from} (rows x columns) into {@code ms}; mutates them. */
  static void unstack(double[] from, int rows, int columns, List<DoubleMatrix> ms) {
    int top = 0;
    for (DoubleMatrix m : ms) {
      for (int j = 0; j < columns; j++) {
        System.arraycopy(from, j * rows + top, m.data, j * m.rows, m.rows);
      }
      top += m.rows;
    }
  }
}
