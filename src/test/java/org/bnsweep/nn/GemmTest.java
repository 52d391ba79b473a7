package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jblas.NativeBlas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Gemm} hands the arrays to BLAS in place (netlib-java's binding) instead of through
 * jblas's copies; it must call the same library, so its products equal jblas's to the bit.
 */
class GemmTest {
  @Test
  void theSetUpMachinePassesArraysInPlace() {
    assertTrue(Gemm.route().startsWith("arrays passed in place"), Gemm.route());
  }

  /** The first layer's products (m x k times k x n, or its transpose), wide and small. */
  @ParameterizedTest
  @CsvSource({"50, 3072, 100, false", "50, 100, 3072, true", "200, 3072, 100, false",
      "10, 50, 100, false"})
  void singlePrecisionProductsAreJblasProductsToTheBit(int m, int k, int n, boolean transB) {
    Random r = new Random(m * 31L + k);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    // op(b) is k x n: stored n x k when transposed.
    int ldb = transB ? n : k;
    float[] viaJblas = new float[m * n];
    float[] viaGemm = new float[m * n];
    NativeBlas.sgemm('N', transB ? 'T' : 'N', m, n, k, 1f, a, 0, m, b, 0, ldb, 0f, viaJblas, 0, m);
    Gemm.sgemm(false, transB, m, n, k, 1f, a, m, b, ldb, 0f, viaGemm, m);
    assertArrayEquals(viaJblas, viaGemm);
  }

  @ParameterizedTest
  @CsvSource({"50, 3072, 100, false, false", "50, 50, 100, true, false", "10, 100, 50, false, true"})
  void doublePrecisionProductsAreJblasProductsToTheBit(int m, int k, int n, boolean transA,
      boolean transB) {
    Random r = new Random(m * 17L + k);
    double[] a = new double[m * k];
    double[] b = new double[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextGaussian();
    }
    int lda = transA ? k : m;
    int ldb = transB ? n : k;
    double[] viaJblas = new double[m * n];
    double[] viaGemm = new double[m * n];
    NativeBlas.dgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, 1.0, a, 0, lda, b, 0, ldb,
        0.0, viaJblas, 0, m);
    Gemm.dgemm(transA, transB, m, n, k, 1.0, a, lda, b, ldb, 0.0, viaGemm, m);
    assertArrayEquals(viaJblas, viaGemm);
  }
}
