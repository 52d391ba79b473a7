package org.bnsweep.nn;

/**
 * The first layer's training step in single precision, fused with the rounding of the stepped
 * weights for the next forward product ({@link FloatInputBlock#stepFirstLayer}): element by
 * element, {@code w += minusEta * ((double) grad + twoLambda * w)} and {@code narrowed = (float)
 * w}. Every implementation gives the same bits as {@link Network}'s plain step on the widened
 * gradient followed by rounding: they differ in speed only. Mutates {@code w} and {@code
 * narrowed}.
 */
interface FirstLayerStep {
  void step(float[] grad, double[] w, float[] narrowed, double twoLambda, double minusEta);

  /** One element at a time: the reference, and the way where no vector way is faster. */
  FirstLayerStep SCALAR = (grad, w, narrowed, twoLambda, minusEta) ->
      stepElements(grad, w, narrowed, twoLambda, minusEta, 0);

  /** {@link #step} on the elements from {@code from} to the end, one at a time. */
  static void stepElements(float[] grad, double[] w, float[] narrowed, double twoLambda,
      double minusEta, int from) {
    for (int i = from; i < w.length; i++) {
      // Network.penalisedStep's arithmetic on the widened gradient, to the bit.
      double penalised = (double) grad[i] + twoLambda * w[i];
      double stepped = w[i] + minusEta * penalised;
      w[i] = stepped;
      narrowed[i] = (float) stepped;
    }
  }
}
