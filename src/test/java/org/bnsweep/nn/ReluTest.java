package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Relu}'s branch-free forms give, bit for bit, what the conditionals they replace gave,
 * on the values where a shortcut would go wrong (NaN, signed zeros, infinities, subnormals) and
 * on random doubles of every sign and exponent.
 */
class ReluTest {
  private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, -Double.NaN,
      Double.longBitsToDouble(0xfff8000000000001L), Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
      -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 1e-300, -1e-300};

  /** The special values, then random bit patterns (every sign, exponent and NaN payload). */
  private static List<Double> values() {
    List<Double> values = new ArrayList<>();
    for (double v : SPECIAL) {
      values.add(v);
    }
    SplittableRandom rng = new SplittableRandom(20);
    for (int i = 0; i < 200_000; i++) {
      values.add(Double.longBitsToDouble(rng.nextLong()));
    }
    return values;
  }

  private static double conditionalRelu(double z) {
    return z > 0 ? z : 0;
  }

  private static double conditionalMask(double grad, double out) {
    return out <= 0 ? 0 : grad;
  }

  private static long bits(double v) {
    return Double.doubleToRawLongBits(v);
  }

  @Test
  void theRectifierIsTheConditionalToTheBit() {
    for (double z : values()) {
      assertEquals(bits(conditionalRelu(z)), bits(Relu.of(z)), () -> "z = " + z);
    }
  }

  @Test
  void theMaskIsTheConditionalToTheBitForEveryOutputTheRectifierGives() {
    List<Double> values = values();
    SplittableRandom rng = new SplittableRandom(21);
    for (double z : values) {
      double out = Relu.of(z);
      double grad = values.get(rng.nextInt(values.size()));
      assertEquals(bits(conditionalMask(grad, out)), bits(Relu.masked(grad, out)),
          () -> "grad = " + grad + ", out = " + out);
      // Outputs scaled by an inverted-dropout mask (0 or 1 / (1 - rate)) too.
      double dropped = out * (rng.nextBoolean() ? 0 : 2.5);
      assertEquals(bits(conditionalMask(grad, dropped)), bits(Relu.masked(grad, dropped)),
          () -> "grad = " + grad + ", dropout-scaled out = " + dropped);
    }
  }

  /** Positive control: the shortcut the rectifier does not take differs, at NaN. */
  @Test
  void mathMaxAloneWouldDifferAtNaN() {
    assertNotEquals(bits(conditionalRelu(Double.NaN)), bits(Math.max(Double.NaN, 0.0)));
  }
}
