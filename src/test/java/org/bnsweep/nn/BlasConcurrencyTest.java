package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Two threads multiplying at once must get the same products, bit for bit, as one thread alone
 * (made before the threads start): a Spark executor runs one trial per core in one JVM. The test
 * counts calls that began while the other thread was inside one, and requires some: a race that
 * never overlapped shows nothing. Debian's serial OpenBLAS fails this (dozens of
 * wrong products in a few seconds); the pthread build with OPENBLAS_NUM_THREADS=1 passes. The
 * products go the way training's do ({@link Gemm}): {@code sgemm} in single precision (what
 * training uses by default), {@code dgemm} in double. Each first product is also checked against
 * a plain Java product, so that a product wrong every time is caught too; positive controls
 * show that a product wrong once in a while, or always, fails the check.
 */
class BlasConcurrencyTest {
  /** The shapes of the network's products, small ones included: m, k, n. */
  static final int[][] SHAPES = {{50, 50, 100}, {10, 50, 100}, {50, 100, 3072}};

  /** {@code c = a b} for column-major m x k and k x n, as {@link Gemm#sgemm} computes it. */
  interface Sgemm {
    void multiply(int m, int n, int k, float[] a, float[] b, float[] c);
  }

  /** {@code c = a b} for column-major m x k and k x n, as {@link Gemm#dgemm} computes it. */
  interface Dgemm {
    void multiply(int m, int n, int k, double[] a, double[] b, double[] c);
  }

  static final Sgemm SGEMM = (m, n, k, a, b, c) ->
      Gemm.sgemm(false, false, m, n, k, 1, a, m, b, k, 0, c, m);
  static final Dgemm DGEMM = (m, n, k, a, b, c) ->
      Gemm.dgemm(false, false, m, n, k, 1, a, m, b, k, 0, c, m);

  @Test
  void concurrentSgemmProductsEqualTheSerialOnes() throws Exception {
    Race race = race(seed -> products(SGEMM, seed), 500_000_000L);
    assertTrue(race.overlapping() > 0, "the two threads never multiplied at once: " + race);
    assertEquals(0, race.wrong(), "products of concurrent sgemm calls unlike the single-threaded"
        + " ones (" + race + "): " + BlasLibrary.loaded().describe());
  }

  @Test
  void concurrentDgemmProductsEqualTheSerialOnes() throws Exception {
    Race race = race(seed -> products(DGEMM, seed), 500_000_000L);
    assertTrue(race.overlapping() > 0, "the two threads never multiplied at once: " + race);
    assertEquals(0, race.wrong(), "products of concurrent dgemm calls unlike the single-threaded"
        + " ones (" + race + "): " + BlasLibrary.loaded().describe());
  }

  /** Positive controls: the check sees an sgemm that errs now and then, and one that always does. */
  @Test
  void aWrongProductIsCounted() throws Exception {
    AtomicLong calls = new AtomicLong();
    Sgemm sometimesWrong = (m, n, k, a, b, c) -> {
      SGEMM.multiply(m, n, k, a, b, c);
      if (calls.incrementAndGet() % 50 == 0) {
        c[c.length / 2] = Math.nextUp(c[c.length / 2]); // one bit of one element
      }
    };
    Race race = race(seed -> products(sometimesWrong, seed), 50_000_000L);
    assertTrue(race.wrong() > 0, race.toString());

    Sgemm alwaysWrong = (m, n, k, a, b, c) -> {
      SGEMM.multiply(m, n, k, a, b, c);
      c[0] += 1e-2f;
    };
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> products(alwaysWrong, 0));
    assertTrue(e.getMessage().contains("differs from Java's"), e.getMessage());
  }

  /**
   * What two threads multiplying at once saw: products that differ, in any bit, from the
   * single-threaded product of the same inputs, and calls that began while the other thread was
   * inside one (the race really happened).
   */
  record Race(int wrong, long calls, long overlapping) {}

  /**
   * Makes the products of seeds 0 and 1 on this thread alone (each first product checked
   * against Java's), then repeats them on two threads at once, each thread its seed's, for
   * {@code nanos} per shape, comparing every result with the single-threaded one.
   */
  private static Race race(java.util.function.LongFunction<List<Product>> make, long nanos)
      throws Exception {
    BlasLibrary.loaded().describe();
    List<List<Product>> serial = List.of(make.apply(0), make.apply(1));
    AtomicInteger inside = new AtomicInteger();
    AtomicLong calls = new AtomicLong();
    AtomicLong overlapping = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(serial.size());
    ExecutorService pool = Executors.newFixedThreadPool(serial.size());
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (List<Product> products : serial) {
        wrong.add(pool.submit(() -> {
          start.await();
          int differ = 0;
          for (Product p : products) {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end) {
              if (inside.getAndIncrement() > 0) {
                overlapping.incrementAndGet();
              }
              boolean same = p.repeatMatches();
              inside.decrementAndGet();
              calls.incrementAndGet();
              if (!same) {
                differ++;
              }
            }
          }
          return differ;
        }));
      }
      int sum = 0;
      for (Future<Integer> w : wrong) {
        sum += w.get();
      }
      return new Race(sum, calls.get(), overlapping.get());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The products of every shape, inputs from {@code seed}, each made once and checked. */
  private static List<Product> products(Sgemm gemm, long seed) {
    Random r = new Random(seed);
    return products(shape -> new FloatProduct(gemm, shape, r));
  }

  private static List<Product> products(Dgemm gemm, long seed) {
    Random r = new Random(seed);
    return products(shape -> new DoubleProduct(gemm, shape, r));
  }

  private static List<Product> products(java.util.function.Function<int[], Product> make) {
    List<Product> products = new ArrayList<>();
    for (int[] shape : SHAPES) {
      Product p = make.apply(shape);
      p.multiplyFirst();
      p.checkAgainstJava();
      products.add(p);
    }
    return products;
  }

  /**
   * A column-major product c = a b of m x k and k x n random inputs in one precision, the inputs
   * and results held here in double (widening a float is exact).
   */
  private abstract static class Product {
    final int m;
    final int k;
    final int n;
    final double[] a;
    final double[] b;
    final double[] first;
    private final double[] c;
    private final String name;
    /** Largest error allowed, relative to the sum of |a_ip b_pj|. */
    private final double tolerance;

    Product(String name, int[] shape, Random r, DoubleUnaryOperator precision,
        double tolerance) {
      this.name = name;
      this.m = shape[0];
      this.k = shape[1];
      this.n = shape[2];
      this.tolerance = tolerance;
      a = new double[m * k];
      b = new double[k * n];
      Arrays.setAll(a, i -> precision.applyAsDouble(r.nextGaussian()));
      Arrays.setAll(b, i -> precision.applyAsDouble(r.nextGaussian()));
      first = new double[m * n];
      c = new double[m * n];
    }

    /** {@code into = a b} by the BLAS call under test. */
    abstract void multiply(double[] into);

    void multiplyFirst() {
      multiply(first);
    }

    /** Multiplies again; true if the result equals the first (single-threaded), bit for bit. */
    boolean repeatMatches() {
      multiply(c);
      return Arrays.equals(c, first);
    }

    /** The first result against a plain Java product in double. */
    void checkAgainstJava() {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          double scale = 0;
          for (int p = 0; p < k; p++) {
            sum += a[i + p * m] * b[p + j * k];
            scale += Math.abs(a[i + p * m] * b[p + j * k]);
          }
          if (Math.abs(first[i + j * m] - sum) > tolerance * scale) {
            throw new AssertionError(name + " " + m + "x" + k + "x" + n + ": c[" + i + "," + j
                + "] = " + first[i + j * m] + " differs from Java's " + sum);
          }
        }
      }
    }
  }

  /** Single precision: within 1e-5 (k <= 100 roundings of 6e-8 each, with room). */
  private static final class FloatProduct extends Product {
    private final Sgemm gemm;
    private final float[] fa;
    private final float[] fb;
    private final float[] fc;

    FloatProduct(Sgemm gemm, int[] shape, Random r) {
      super("sgemm", shape, r, x -> (float) x, 1e-5);
      this.gemm = gemm;
      fa = narrow(a);
      fb = narrow(b);
      fc = new float[m * n];
    }

    private static float[] narrow(double[] x) {
      float[] f = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        f[i] = (float) x[i];
      }
      return f;
    }

    @Override
    void multiply(double[] into) {
      gemm.multiply(m, n, k, fa, fb, fc);
      for (int i = 0; i < fc.length; i++) {
        into[i] = fc[i];
      }
    }
  }

  /** Double precision: within 1e-13 (k <= 100 roundings of 1.1e-16 each, with room). */
  private static final class DoubleProduct extends Product {
    private final Dgemm gemm;

    DoubleProduct(Dgemm gemm, int[] shape, Random r) {
      super("dgemm", shape, r, x -> x, 1e-13);
      this.gemm = gemm;
    }

    @Override
    void multiply(double[] into) {
      gemm.multiply(m, n, k, a, b, into);
    }
  }
}
