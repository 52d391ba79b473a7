package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bnsweep.Fixtures;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * A block whose columns are padded apart ({@link FloatInputBlock#strideFor}) multiplies as if
 * they were contiguous: both products equal, bit for bit, sgemm's on an unpadded copy.
 */
class PaddedColumnsTest {
  @Test
  void columnsAreAnOddNumberOfCacheLinesApartWhenTheyWouldBeAnEvenNumber() {
    assertEquals(3088, FloatInputBlock.strideFor(3072)); // CIFAR-10: 192 lines, padded to 193
    assertEquals(80, FloatInputBlock.strideFor(64));
    assertEquals(48, FloatInputBlock.strideFor(48)); // 3 lines already
    assertEquals(12, FloatInputBlock.strideFor(12)); // columns not line-aligned: left as is
  }

  @Test
  void paddedColumnsGiveTheProductsOfContiguousOnesToTheBit() {
    int dim = 64;
    int columns = 10;
    int m = 7;
    FloatInputBlock block = new FloatInputBlock(dim, columns);
    int stride = block.stride();
    assertEquals(80, stride, "the block under test must be padded");
    DoubleMatrix x = Fixtures.gaussian(dim, columns, 3);
    float[] contiguous = new float[dim * columns];
    for (int j = 0; j < columns; j++) {
      for (int i = 0; i < dim; i++) {
        float v = (float) x.data[j * dim + i];
        contiguous[j * dim + i] = v;
        block.data()[j * stride + i] = v;
      }
      // What lies between the columns must not reach the products.
      for (int i = dim; i < stride; i++) {
        block.data()[j * stride + i] = Float.NaN;
      }
    }
    DoubleMatrix w = Fixtures.gaussian(m, dim, 4);
    DoubleMatrix g = Fixtures.gaussian(m, columns, 5);

    DoubleMatrix forward = new DoubleMatrix(m, columns);
    block.multiply(w, forward);
    assertArrayEquals(contiguousProduct(false, w, contiguous, dim, columns), forward.data);

    DoubleMatrix backward = new DoubleMatrix(m, dim);
    block.multiplyTransposed(g, backward);
    assertArrayEquals(contiguousProduct(true, g, contiguous, dim, columns), backward.data);
  }

  /** sgemm of {@code a} (narrowed) and x ({@code dim x columns}, unpadded) or x^T, widened. */
  private static double[] contiguousProduct(boolean transposed, DoubleMatrix a, float[] x,
      int dim, int columns) {
    int outer = transposed ? dim : columns;
    int inner = transposed ? columns : dim;
    float[] c = new float[a.rows * outer];
    Gemm.sgemm(false, transposed, a.rows, outer, inner, 1f, narrow(a), a.rows, x, dim, 0f, c,
        a.rows);
    return widen(c);
  }

  private static float[] narrow(DoubleMatrix a) {
    float[] f = new float[a.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.data[i];
    }
    return f;
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
