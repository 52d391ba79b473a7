package org.bnsweep.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;

/**
 * How a network is trained.
 *
 * @param lambda L2 penalty on the weights
 * @param batchSize examples per update
 * @param etaMin lowest learning rate of the cycle
 * @param etaMax highest learning rate of the cycle
 * @param stepSize updates per half cycle (n_s), or 0 for 5 epochs' worth: 5 * training size /
 *     batch size, which is 2,250 for the default 45,000 images
 * @param cycles number of full cycles; training runs {@code 2 * stepSize * cycles} updates
 * @param precision precision of the first layer's products: "single" or "double"
 */
public record TrainingConfig(double lambda, int batchSize, double etaMin, double etaMax,
    int stepSize, int cycles, String precision) implements java.io.Serializable {

  public static final String SINGLE = "single";
  public static final String DOUBLE = "double";

  public TrainingConfig {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("training.lambda must be >= 0, got " + lambda);
    }
    if (batchSize < 2) {
      throw new IllegalArgumentException(
          "training.batch-size must be >= 2 (batch normalisation needs a batch), got "
              + batchSize);
    }
    if (!(etaMin > 0) || !(etaMax > 0) || Double.isInfinite(etaMax)) {
      throw new IllegalArgumentException("training.eta-min and training.eta-max must be > 0, got "
          + etaMin + " and " + etaMax);
    }
    if (etaMin > etaMax) {
      throw new IllegalArgumentException("training.eta-min must be <= training.eta-max, got "
          + etaMin + " > " + etaMax + "; swap them");
    }
    if (stepSize < 0) {
      throw new IllegalArgumentException(
          "training.step-size must be > 0 updates, or auto, got " + stepSize);
    }
    if (cycles < 1) {
      throw new IllegalArgumentException("training.cycles must be >= 1, got " + cycles);
    }
    if (!SINGLE.equals(precision) && !DOUBLE.equals(precision)) {
      throw new IllegalArgumentException(
          "training.precision must be \"single\" or \"double\", got \"" + precision + "\"");
    }
  }

  /** Reads the keys of {@code bnsweep.training}; {@code step-size} may be {@code auto}. */
  public static TrainingConfig fromConfig(Config c) {
    int stepSize;
    if (c.getValue("step-size").valueType() == ConfigValueType.STRING) {
      if (!"auto".equals(c.getString("step-size"))) {
        throw new ConfigException.BadValue(c.origin(), "step-size",
            "must be a number of updates or auto, got \"" + c.getString("step-size") + "\"");
      }
      stepSize = 0;
    } else {
      stepSize = c.getInt("step-size");
    }
    return new TrainingConfig(c.getDouble("lambda"), c.getInt("batch-size"),
        c.getDouble("eta-min"), c.getDouble("eta-max"), stepSize, c.getInt("cycles"),
        c.getString("precision"));
  }

  /** n_s for a training set of {@code trainingSize} images (resolving "auto"). */
  public int stepSizeFor(int trainingSize) {
    return stepSize > 0 ? stepSize : Math.max(1, 5 * trainingSize / batchSize);
  }

  public long totalUpdates(int trainingSize) {
    return 2L * stepSizeFor(trainingSize) * cycles;
  }

  public TrainingConfig withLambda(double l) {
    return new TrainingConfig(l, batchSize, etaMin, etaMax, stepSize, cycles, precision);
  }

  public TrainingConfig withCycles(int c) {
    return new TrainingConfig(lambda, batchSize, etaMin, etaMax, stepSize, c, precision);
  }
}
