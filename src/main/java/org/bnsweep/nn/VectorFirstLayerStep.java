package org.bnsweep.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FirstLayerStep} eight elements at a time with Java 17's incubating Vector API: C2 does
 * not vectorise a loop that converts between float and double before JDK 20, and in the scalar
 * loop those two conversions made the step 11% of a default epoch. The vector conversions round
 * as the scalar casts do (to nearest, NaNs kept, no flush of subnormals) and the multiplications
 * and additions are the same IEEE operations in the same order (never fused), so the bits are
 * the scalar loop's ({@code FirstLayerStepTest}).
 *
 * <p>Loaded only by {@link FirstLayerSteps}, and only when the JVM has the module
 * ({@code --add-modules=jdk.incubator.vector}): this class cannot even be linked without it.
 */
final class VectorFirstLayerStep implements FirstLayerStep {
  /** As many doubles as the CPU's widest vector holds: 8 with AVX-512, 4 with AVX2. */
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** The same number of floats, in a vector half as wide. */
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

  /** Doubles per vector on this CPU (and JVM: {@code -XX:UseAVX} narrows them). */
  static int lanes() {
    return DOUBLES.length();
  }

  @Override
  public void step(float[] grad, double[] w, float[] narrowed, int from, int to,
      double twoLambda, double minusEta) {
    int i = from;
    for (int bound = from + DOUBLES.loopBound(to - from); i < bound; i += DOUBLES.length()) {
      DoubleVector g = (DoubleVector) FloatVector.fromArray(FLOATS, grad, i - from)
          .convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector weights = DoubleVector.fromArray(DOUBLES, w, i);
      DoubleVector stepped = weights.add(g.add(weights.mul(twoLambda)).mul(minusEta));
      stepped.intoArray(w, i);
      ((FloatVector) stepped.convertShape(VectorOperators.D2F, FLOATS, 0))
          .intoArray(narrowed, i);
    }
    FirstLayerStep.stepElements(grad, w, narrowed, from, i, to, twoLambda, minusEta);
  }
}
