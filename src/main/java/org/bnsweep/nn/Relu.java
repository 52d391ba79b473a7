package org.bnsweep.nn;

/**
 * The rectifier and its gradient mask without a data-dependent branch. A hidden unit's score is
 * positive for about half of a batch's examples, at random, so {@code z > 0 ? z : 0} compiled as a
 * branch (as C2 compiled it here, on x86) mispredicts about every other element: batch
 * normalisation's forward pass ran five times slower on random signs than on all-positive scores
 * (docs/performance.md). Both methods give the conditional's result to the bit ({@code ReluTest}).
 */
final class Relu {
  private Relu() {}

  /**
   * {@code z > 0 ? z : 0}: {@code Math.max}, which C2 compiles without a branch, except that a
   * NaN gives 0 as the conditional does (a branch that is never taken in practice, so it costs
   * nothing). Both give +0.0 for -0.0.
   */
  static double of(double z) {
    double r = Math.max(z, 0.0);
    return r == r ? r : 0.0;
  }

  /**
   * {@code out <= 0 ? 0 : grad} for the output {@code out} of {@link #of} (never negative, never
   * -0.0): +0.0 where the unit was off, else {@code grad} unchanged, by masking the gradient's
   * bits with whether {@code out}'s are all zero.
   */
  static double masked(double grad, double out) {
    long bits = Double.doubleToRawLongBits(out);
    // All ones if out's bits are not all zero (x | -x has its sign bit set for every x but 0).
    long on = (bits | -bits) >> 63;
    return Double.longBitsToDouble(Double.doubleToRawLongBits(grad) & on);
  }
}
