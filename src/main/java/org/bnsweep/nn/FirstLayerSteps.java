package org.bnsweep.nn;

/**
 * Which {@link FirstLayerStep} this JVM runs, chosen once: the vector one where the JVM has the
 * Vector API's module and the CPU holds 8 doubles in a vector (AVX-512), else the scalar one.
 * With 4 (AVX2, or {@code -XX:UseAVX=2}) the vector step took 1.7 times as long as the scalar
 * loop on this host (docs/performance.md), so it is not used there. Both give the same numbers
 * (a NaN for a NaN): the choice changes the speed, never a number.
 */
public final class FirstLayerSteps {
  /** The incubating module of Java 17's Vector API. */
  static final String MODULE = "jdk.incubator.vector";
  /** Doubles per vector below which the scalar loop was faster. */
  static final int MIN_LANES = 8;

  /** The step chosen and why, for the line that {@code bench} and {@code train} print. */
  record Choice(FirstLayerStep step, String description) {}

  /**
   * Made on first use, not in a static initialiser: a bad {@code -Dbnsweep.vector-step} must
   * reach the command as its one-line error each time, not as an ExceptionInInitializerError
   * once and a NoClassDefFoundError after. Two threads may both make it; they make the same.
   */
  private static volatile Choice chosen;

  private FirstLayerSteps() {}

  static FirstLayerStep chosen() {
    return choice().step();
  }

  /**
   * E.g. "Vector API, 8 doubles a vector", or "scalar (why)"; throws IllegalArgumentException
   * for a bad {@code -Dbnsweep.vector-step}, so that a command can call it before it trains.
   */
  public static String describe() {
    return choice().description();
  }

  private static Choice choice() {
    Choice c = chosen;
    if (c == null) {
      c = choose(ModuleLayer.boot().findModule(MODULE).isPresent(),
          System.getProperty("bnsweep.vector-step", "on"));
      chosen = c;
    }
    return c;
  }

  /**
   * The step for a JVM that has the Vector API's module or not, with {@code setting} the value
   * of {@code -Dbnsweep.vector-step} ("on", the default, or "off").
   */
  static Choice choose(boolean moduleLoaded, String setting) {
    if (!setting.equals("on") && !setting.equals("off")) {
      throw new IllegalArgumentException("-Dbnsweep.vector-step (a JVM option, as in"
          + " BNSWEEP_JAVA_OPTS) must be on or off, got '" + setting + "'; leave it out for on");
    }
    if (setting.equals("off")) {
      return new Choice(FirstLayerStep.SCALAR, "scalar (-Dbnsweep.vector-step=off)");
    }
    if (!moduleLoaded) {
      return new Choice(FirstLayerStep.SCALAR, "scalar (this JVM lacks --add-modules=" + MODULE
          + ", which submit/bnsweep gives; the vector step is about 10% faster an epoch)");
    }
    int lanes = VectorFirstLayerStep.lanes();
    if (lanes < MIN_LANES) {
      return new Choice(FirstLayerStep.SCALAR, "scalar (the CPU's vectors hold " + lanes
          + " doubles; the vector step is slower than the scalar one below " + MIN_LANES + ")");
    }
    return new Choice(new VectorFirstLayerStep(), "Vector API, " + lanes + " doubles a vector");
  }
}
