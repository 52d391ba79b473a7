package org.bnsweep.nn;

/**
 * Run by {@code FirstLayerStepTest} in a JVM of its own: prints which first-layer step the JVM
 * chose, after running it once (so that a JVM without the Vector API's module shows it links
 * and steps without it).
 */
public final class StepProbe {
  private StepProbe() {}

  public static void main(String[] args) {
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
}
