package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * A training block's first-layer step computes the weight gradient {@code G X^T} a block of
 * columns at a time ({@link FloatInputBlock#stepColumns}) and steps each block while it is in
 * cache: the stepped weights are those of the whole product widened and stepped by the plain
 * route, bit for bit, for layers of the widths the sweeps use and for an input size that is not
 * a multiple of the block.
 */
class BlockedProductTest {
  private static final int COLUMNS = 100;

  @Test
  void blockedStepsGiveTheWholeProductsWeightsBitForBit() {
    for (int[] shape : new int[][] {{50, 3072}, {100, 3072}, {500, 3072}, {1000, 3072},
        {500, 1000}, {60, 5000}, {7, 12}}) {
      int m = shape[0];
      int dim = shape[1];
      Random rng = new Random(m * 31L + dim);
      FloatInputBlock fused = new FloatInputBlock(dim, COLUMNS, true);
      FloatInputBlock plain = new FloatInputBlock(dim, COLUMNS, false);
      for (int i = 0; i < fused.data().length; i++) {
        fused.data()[i] = (float) rng.nextGaussian();
        plain.data()[i] = fused.data()[i];
      }
      DoubleMatrix w = gaussian(m, dim, 0.02, rng);
      DoubleMatrix scoreGrads = gaussian(m, COLUMNS, 1e-2, rng);
      double twoLambda = 0.02;
      double minusEta = -0.05;

      DoubleMatrix expected = w.dup();
      DoubleMatrix gradient = new DoubleMatrix(m, dim);
      plain.multiplyTransposed(scoreGrads, gradient);
      for (int i = 0; i < expected.length; i++) {
        expected.data[i] += minusEta * (gradient.data[i] + twoLambda * expected.data[i]);
      }
      DoubleMatrix stepped = w.dup();
      fused.multiplyTransposed(scoreGrads, new DoubleMatrix(m, dim));
      assertTrue(fused.stepFirstLayer(stepped, twoLambda, minusEta));
      String described = m + " x " + dim + ", blocks of " + FloatInputBlock.stepColumns(m, dim)
          + " columns";
      assertArrayEquals(expected.data, stepped.data, described);
      // The float copy of the stepped weights that the step left for the next forward product
      // (the plain block rounds them afresh).
      DoubleMatrix viaFused = new DoubleMatrix(m, COLUMNS);
      DoubleMatrix viaPlain = new DoubleMatrix(m, COLUMNS);
      fused.multiply(stepped, viaFused);
      plain.multiply(stepped, viaPlain);
      assertArrayEquals(viaPlain.data, viaFused.data, "the next forward product, " + described);
    }
  }

  @Test
  void blocksAreWholeUpTo1MbElseMultiplesOfTwelveColumnsOfAtMost256Kb() {
    for (int m = 1; m <= 4096; m++) {
      int block = FloatInputBlock.stepColumns(m, 3072);
      if (m * 3072 * Float.BYTES <= 1024 * 1024) {
        assertEquals(3072, block, "m = " + m);
      } else {
        assertEquals(0, block % 12, "m = " + m);
        assertTrue(block == 192 || (long) block * m * Float.BYTES <= 256 * 1024, "m = " + m);
      }
    }
    assertEquals(3072, FloatInputBlock.stepColumns(50, 3072));
    assertEquals(192, FloatInputBlock.stepColumns(500, 3072));
    assertEquals(960, FloatInputBlock.stepColumns(60, 5000));
  }

  @Test
  void aStepOfOtherWeightsThanTheScoreGradientsIsRefused() {
    FloatInputBlock fused = new FloatInputBlock(12, COLUMNS, true);
    fused.multiplyTransposed(new DoubleMatrix(7, COLUMNS), new DoubleMatrix(7, 12));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fused.stepFirstLayer(new DoubleMatrix(9, 12), 0, -0.1));
    assertEquals("the first layer's weight matrix has 9 rows where the score gradient of the"
        + " transposed product before it had 7", e.getMessage());
  }

  private static DoubleMatrix gaussian(int rows, int columns, double scale, Random rng) {
    DoubleMatrix d = new DoubleMatrix(rows, columns);
    for (int i = 0; i < d.length; i++) {
      d.data[i] = rng.nextGaussian() * scale;
    }
    return d;
  }
}
