package org.bnsweep.nn;

/**
 * The first layer's training step in single precision, fused with the rounding of the stepped
 * weights for the next forward product ({@link FloatInputBlock#stepFirstLayer}): for each
 * {@code i} in {@code [from, to)}, {@code w[i] += minusEta * ((double) grad[i - from] + twoLambda
 * * w[i])} and {@code narrowed[i] = (float) w[i]} (the gradient is of one block of the weights).
 * Every implementation gives the same numbers as {@link Network}'s plain step on the widened
 * gradient followed by rounding: they differ in speed only. Mutates {@code w} and {@code
 * narrowed}.
 */
interface FirstLayerStep {
  void step(float[] grad, double[] w, float[] narrowed, int from, int to, double twoLambda,
      double minusEta);

  /** One element at a time: the reference, and the way where no vector way is faster. */
  FirstLayerStep SCALAR = (grad, w, narrowed, from, to, twoLambda, minusEta) ->
      stepElements(grad, w, narrowed, from, from, to, twoLambda, minusEta);

  /** {@link #step} on the elements {@code [start, to)} of the block {@code [from, to)}. */
  static void stepElements(float[] grad, double[] w, float[] narrowed, int from, int start,
      int to, double twoLambda, double minusEta) {
    for (int i = start; i < to; i++) {
      // Network.penalisedStep's arithmetic on the widened gradient, to the bit.
      double penalised = (double) grad[i - from] + twoLambda * w[i];
      double stepped = w[i] + minusEta * penalised;
      w[i] = stepped;
      narrowed[i] = (float) stepped;
    }
  }
}
