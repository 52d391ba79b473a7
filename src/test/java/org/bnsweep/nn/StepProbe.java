package org.bnsweep.nn;

import java.util.Random;

/**
 * Run by {@code FirstLayerStepTest} in a JVM of its own. Without arguments: prints which
 * first-layer step the JVM chose, after running it once (so that a JVM without the Vector API's
 * module shows it links and steps without it). With {@code compare N}: compares the vector step
 * with the scalar one on N random blocks of 64 weights, long enough for C2 to compile the vector
 * step (its intrinsics, the code that runs in training; before that the Vector API computes lane
 * by lane in Java), and prints "same N" or the first difference.
 */
public final class StepProbe {
  private StepProbe() {}

  public static void main(String[] args) {
    if (args.length == 2 && args[0].equals("compare")) {
      System.out.println(compare(Integer.parseInt(args[1])));
      return;
    }
    try {
      FirstLayerSteps.describe();
    } catch (IllegalArgumentException first) {
      // A bad -Dbnsweep.vector-step: the same one-line error every time it is asked.
      try {
        FirstLayerSteps.describe();
      } catch (IllegalArgumentException again) {
        System.out.println(first.getMessage().equals(again.getMessage()) ? "error: "
            + again.getMessage() : "two errors: " + first.getMessage() + again.getMessage());
        return;
      }
    }
    double[] w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] narrowed = new float[w.length];
    FirstLayerSteps.chosen().step(new float[w.length], w, narrowed, 0, w.length, 0.5, -1);
    System.out.println(narrowed[8] + " " + FirstLayerSteps.describe());
  }

  private static String compare(int rounds) {
    Random rng = new Random(7);
    FirstLayerStep vector = new VectorFirstLayerStep();
    int n = 64;
    for (int round = 0; round < rounds; round++) {
      boolean anyBits = round % 2 == 0;
      double[] w = new double[n];
      float[] grad = new float[n];
      for (int i = 0; i < n; i++) {
        w[i] = anyBits ? Double.longBitsToDouble(rng.nextLong()) : rng.nextGaussian() * 0.02;
        grad[i] = anyBits ? Float.intBitsToFloat(rng.nextInt()) : (float) rng.nextGaussian();
      }
      double[] scalarW = w.clone();
      float[] scalarNarrowed = new float[n];
      float[] vectorNarrowed = new float[n];
      FirstLayerStep.SCALAR.step(grad, scalarW, scalarNarrowed, 0, n, 0.01, -0.05);
      vector.step(grad, w, vectorNarrowed, 0, n, 0.01, -0.05);
      // NaN as NaN (see FirstLayerStepTest.bits), every other bit exactly.
      for (int i = 0; i < n; i++) {
        if (Double.doubleToLongBits(scalarW[i]) != Double.doubleToLongBits(w[i])
            || Float.floatToIntBits(scalarNarrowed[i]) != Float.floatToIntBits(vectorNarrowed[i])) {
          return "round " + round + ", element " + i + ": scalar " + scalarW[i] + " "
              + scalarNarrowed[i] + ", vector " + w[i] + " " + vectorNarrowed[i] + " from "
              + grad[i];
        }
      }
    }
    return "same " + rounds;
  }
}
