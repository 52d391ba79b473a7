package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two threads multiplying at once must get the same products as one thread alone: a Spark
 * executor runs one trial per core in one JVM. Debian's serial OpenBLAS fails this (dozens of
 * wrong products in a few seconds); the pthread build with OPENBLAS_NUM_THREADS=1 passes. The
 * products go the way training's do ({@link Gemm}).
 */
class BlasConcurrencyTest {
  /** The shapes of the network's products, small ones included: m, k, n. */
  static final int[][] SHAPES = {{50, 50, 100}, {10, 50, 100}, {50, 100, 3072}};

  @Test
  void concurrentProductsEqualTheSerialOnes() throws Exception {
    BlasLibrary.describe();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long seed = t;
        wrong.add(pool.submit(() -> wrongProducts(seed, 700_000_000L)));
      }
      for (Future<Integer> w : wrong) {
        assertEquals(0, w.get(), "wrong products from concurrent dgemm calls: "
            + BlasLibrary.describe());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Repeats each product for {@code nanos} and counts results that differ from the first. */
  private static int wrongProducts(long seed, long nanos) {
    Random r = new Random(seed);
    int wrong = 0;
    for (int[] shape : SHAPES) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      double[] a = new double[m * k];
      double[] b = new double[k * n];
      Arrays.setAll(a, i -> r.nextGaussian());
      Arrays.setAll(b, i -> r.nextGaussian());
      double[] expected = new double[m * n];
      double[] c = new double[m * n];
      Gemm.dgemm(false, false, m, n, k, 1, a, m, b, k, 0, expected, m);
      long end = System.nanoTime() + nanos;
      while (System.nanoTime() < end) {
        Gemm.dgemm(false, false, m, n, k, 1, a, m, b, k, 0, c, m);
        if (!Arrays.equals(c, expected)) {
          wrong++;
        }
      }
    }
    return wrong;
  }
}
