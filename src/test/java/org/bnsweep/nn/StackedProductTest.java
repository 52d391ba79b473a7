package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bnsweep.Fixtures;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The first layers of a pack multiplied as one stacked product give each network's own product:
 * for networks of unequal heights, in both precisions, forward and backward. The tolerance is
 * BLAS rounding: the stacked product may sum in another blocking (float: 1e-5 of the largest
 * magnitude; double: 1e-12).
 */
class StackedProductTest {
  private static final int DIM = 37;
  private static final int COLUMNS = 11;

  private static FloatInputBlock floats(DoubleMatrix x) {
    FloatInputBlock f = new FloatInputBlock(DIM, COLUMNS);
    for (int i = 0; i < x.length; i++) {
      f.data()[i] = (float) x.data[i];
    }
    return f;
  }

  private static void check(InputBlock block, double tolerance) {
    List<DoubleMatrix> ws = List.of(Fixtures.gaussian(3, DIM, 1), Fixtures.gaussian(5, DIM, 2));
    List<DoubleMatrix> gs = List.of(Fixtures.gaussian(3, COLUMNS, 3),
        Fixtures.gaussian(5, COLUMNS, 4));
    List<DoubleMatrix> stacked = List.of(new DoubleMatrix(3, COLUMNS),
        new DoubleMatrix(5, COLUMNS));
    List<DoubleMatrix> stackedGrads = List.of(new DoubleMatrix(3, DIM), new DoubleMatrix(5, DIM));
    block.multiply(ws, stacked);
    block.multiplyTransposed(gs, stackedGrads);
    for (int k = 0; k < 2; k++) {
      DoubleMatrix alone = new DoubleMatrix(ws.get(k).rows, COLUMNS);
      block.multiply(ws.get(k), alone);
      assertClose(alone, stacked.get(k), tolerance);
      DoubleMatrix aloneGrad = new DoubleMatrix(gs.get(k).rows, DIM);
      block.multiplyTransposed(gs.get(k), aloneGrad);
      assertClose(aloneGrad, stackedGrads.get(k), tolerance);
    }
  }

  private static void assertClose(DoubleMatrix expected, DoubleMatrix actual, double tolerance) {
    double scale = expected.normmax();
    assertEquals(expected.rows, actual.rows);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected.data[i], actual.data[i], tolerance * scale, "element " + i);
    }
  }

  @Test
  void singlePrecisionStackedProductsAreEachNetworksOwn() {
    check(floats(Fixtures.gaussian(DIM, COLUMNS, 5)), 1e-5);
  }

  @Test
  void doublePrecisionStackedProductsAreEachNetworksOwn() {
    check(new DoubleInputBlock(Fixtures.gaussian(DIM, COLUMNS, 5)), 1e-12);
  }
}
