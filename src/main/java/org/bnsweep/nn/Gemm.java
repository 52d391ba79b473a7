package org.bnsweep.nn;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jblas.DoubleMatrix;
import org.jblas.NativeBlas;

/**
 * General matrix products with transposes, straight to BLAS {@code gemm}, writing into a
 * caller's buffer so that the training loop allocates nothing. jblas's own {@code mmuli} has
 * no transpose flags and would need transposed copies of the weights every step.
 *
 * <p>The products go through netlib-java's JNI binding when it loads: it hands BLAS the Java
 * arrays in place ({@code GetPrimitiveArrayCritical}), where jblas's binding copies every array
 * into native memory and back on every call ({@code Get/ReleaseFloatArrayElements}), 3.6 MB per
 * first-layer product of a 100-image batch. Both call the same {@code libblas.so.3} (the one jblas
 * loaded first), so the numbers are the same to the bit; only the copies go (about 15% of a
 * first-layer product here, docs/performance.md). Where netlib-java's library does not load, jblas
 * computes.
 */
final class Gemm {
  // Held here because java.util.logging keeps loggers, and so their levels, only while in use.
  private static final Logger NETLIB_LOG =
      Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
  private static final NativeBLAS NETLIB = loadNetlib();
  private static final Route ROUTE = NETLIB != null ? Route.IN_PLACE : Route.COPIED;

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
    dgemm(transA, transB, m, n, k, alpha, a.data, Math.max(1, a.rows), b.data,
        Math.max(1, b.rows), beta, c.data, Math.max(1, c.rows));
  }

  /** Column-major {@code c = alpha * op(a) * op(b) + beta * c} in double; mutates {@code c}. */
  static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
    ROUTE.dgemm(op(transA), op(transB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  /** Column-major {@code c = alpha * op(a) * op(b) + beta * c} in single; mutates {@code c}. */
  static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
    sgemm(transA, transB, m, n, k, alpha, a, lda, b, 0, ldb, beta, c, ldc);
  }

  /** As above, with {@code op(b)}'s first element at {@code b[offsetB]}; mutates {@code c}. */
  static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int lda, float[] b, int offsetB, int ldb, float beta, float[] c, int ldc) {
    ROUTE.sgemm(op(transA), op(transB), m, n, k, alpha, a, lda, b, offsetB, ldb, beta, c, ldc);
  }

  /** How the products reach BLAS, for the BLAS line of bench, train and sweep. */
  static String route() {
    return ROUTE == Route.IN_PLACE ? "arrays passed in place (netlib-java JNI)"
        : "arrays copied on each call (jblas JNI" + (copiesAsked()
            ? ", as -Dbnsweep.products=copy asks)" : "; netlib-java's library did not load)");
  }

  private static String op(boolean transposed) {
    return transposed ? "T" : "N";
  }

  /** -Dbnsweep.products=copy takes jblas's route, to measure what the copies cost. */
  private static boolean copiesAsked() {
    return "copy".equals(System.getProperty("bnsweep.products"));
  }

  /** The two ways to BLAS: the same library and numbers, with or without copies. */
  private enum Route {
    IN_PLACE {
      @Override
      void dgemm(String ta, String tb, int m, int n, int k, double alpha, double[] a, int lda,
          double[] b, int ldb, double beta, double[] c, int ldc) {
        NETLIB.dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      }

      @Override
      void sgemm(String ta, String tb, int m, int n, int k, float alpha, float[] a, int lda,
          float[] b, int offsetB, int ldb, float beta, float[] c, int ldc) {
        NETLIB.sgemm(ta, tb, m, n, k, alpha, a, 0, lda, b, offsetB, ldb, beta, c, 0, ldc);
      }
    },
    COPIED {
      @Override
      void dgemm(String ta, String tb, int m, int n, int k, double alpha, double[] a, int lda,
          double[] b, int ldb, double beta, double[] c, int ldc) {
        NativeBlas.dgemm(ta.charAt(0), tb.charAt(0), m, n, k, alpha, a, 0, lda, b, 0, ldb,
            beta, c, 0, ldc);
      }

      @Override
      void sgemm(String ta, String tb, int m, int n, int k, float alpha, float[] a, int lda,
          float[] b, int offsetB, int ldb, float beta, float[] c, int ldc) {
        NativeBlas.sgemm(ta.charAt(0), tb.charAt(0), m, n, k, alpha, a, 0, lda, b, offsetB,
            ldb, beta, c, 0, ldc);
      }
    };

    abstract void dgemm(String ta, String tb, int m, int n, int k, double alpha, double[] a,
        int lda, double[] b, int ldb, double beta, double[] c, int ldc);

    abstract void sgemm(String ta, String tb, int m, int n, int k, float alpha, float[] a,
        int lda, float[] b, int offsetB, int ldb, float beta, float[] c, int ldc);
  }

  /**
   * netlib-java's binding, once jblas has loaded the system BLAS (so that both resolve
   * {@code libblas.so.3} to the same library); null where it cannot load or copies are asked.
   */
  private static NativeBLAS loadNetlib() {
    if (copiesAsked()) {
      return null;
    }
    // netlib-java also tries its pure-Java fallbacks and logs a warning for the one that needs
    // the incubating Vector API; we use only the native binding, so that warning is noise.
    NETLIB_LOG.setLevel(Level.SEVERE);
    try {
      BlasLibrary.loaded();
      return NativeBLAS.getInstance();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
