package org.bnsweep.params;

import static org.bnsweep.params.Hyperparameter.declare;

import java.util.ArrayList;
import java.util.List;
import org.bnsweep.data.Augmentation;
import org.bnsweep.data.DataConfig;
import org.bnsweep.nn.Initialisation;
import org.bnsweep.nn.Precision;

/**
 * Every hyperparameter of a trial, declared once: its name in sweep files, its HOCON path, its
 * type, its check, its scale. Every one of them decides a trial's numbers, so every one is in
 * the trial's id (those added later only when set away from their default: see {@link
 * Hyperparameter#leftOutOfId}); config reading, sweep axes, the Parquet schema, JSON and the report are
 * derived from this list. Adding a hyperparameter is one declaration here plus the code that
 * uses it.
 */
public final class Hyperparameters {
  private Hyperparameters() {}

  public static final Hyperparameter<List<Integer>> HIDDEN =
      declare("hidden", "network.hidden", ValueType.WIDTHS)
          .check(w -> !w.isEmpty() && w.stream().allMatch(x -> x >= 1),
              "must list at least one hidden width, each >= 1, such as [50, 50]")
          .means("hidden layer widths, in order; the network has size(hidden) + 1 layers");

  public static final Hyperparameter<Boolean> BATCH_NORM =
      declare("batch-norm", "network.batch-norm", ValueType.FLAG)
          .means("batch normalisation before every hidden ReLU");

  public static final Hyperparameter<Initialisation> INIT =
      declare("init", "network.init", ValueType.INIT).logScale()
          .means("he for N(0, 2 / fan_in), or sigma for N(0, sigma^2)");

  public static final Hyperparameter<Double> BN_ALPHA =
      declare("bn-alpha", "network.bn-alpha", ValueType.REAL)
          .check(a -> a >= 0 && a < 1, "must be in [0, 1)")
          .means("moving averages: new = alpha * old + (1 - alpha) * batch");

  public static final Hyperparameter<Double> BN_EPSILON =
      declare("bn-epsilon", "network.bn-epsilon", ValueType.REAL).logScale()
          .check(e -> e > 0 && e < 1, "must be in (0, 1)")
          .means("added to the batch variance before its square root");

  public static final Hyperparameter<Double> DROPOUT =
      declare("dropout", "network.dropout", ValueType.REAL).since(0.0)
          .check(d -> d >= 0 && d < 1, "must be in [0, 1)")
          .means("inverted dropout: each hidden unit dropped with this probability in every"
              + " update (0 = none)");

  public static final Hyperparameter<Double> LAMBDA =
      declare("lambda", "training.lambda", ValueType.REAL).logScale()
          .check(l -> l >= 0, "must be >= 0")
          .means("L2 penalty on the weights");

  public static final Hyperparameter<Integer> BATCH_SIZE =
      declare("batch-size", "training.batch-size", ValueType.WHOLE)
          .check(b -> b >= 2, "must be >= 2 (batch normalisation needs a batch)")
          .means("examples per update");

  public static final Hyperparameter<Double> ETA_MIN =
      declare("eta-min", "training.eta-min", ValueType.REAL).logScale()
          .check(e -> e > 0, "must be > 0")
          .means("lowest learning rate of the cycle");

  public static final Hyperparameter<Double> ETA_MAX =
      declare("eta-max", "training.eta-max", ValueType.REAL).logScale()
          .check(e -> e > 0, "must be > 0")
          .means("highest learning rate of the cycle");

  public static final Hyperparameter<Integer> STEP_SIZE =
      declare("step-size", "training.step-size", ValueType.WHOLE)
          .check(s -> s >= 1, "must be >= 1 update, or auto")
          .auto(b -> Math.max(1, 5 * b.get(Hyperparameters.TRAINING_SIZE)
              / b.get(Hyperparameters.BATCH_SIZE)))
          .means("updates per half cycle (n_s); auto = 5 epochs");

  public static final Hyperparameter<Integer> CYCLES =
      declare("cycles", "training.cycles", ValueType.WHOLE)
          .check(c -> c >= 1, "must be >= 1")
          .means("full learning-rate cycles; training runs 2 x step-size x cycles updates");

  public static final Hyperparameter<Boolean> FLIP =
      declare("flip", "training.flip", ValueType.FLAG).since(false)
          .means("augmentation: each training image flipped horizontally with probability 1/2,"
              + " drawn per image per epoch");

  public static final Hyperparameter<Integer> SHIFT =
      declare("shift", "training.shift", ValueType.WHOLE).since(0)
          .check(s -> s >= 0 && s <= Augmentation.MAX_SHIFT,
              "must be in [0, " + Augmentation.MAX_SHIFT + "] pixels")
          .means("augmentation: each training image translated by up to this many pixels in"
              + " x and in y, zero-padded, drawn per image per epoch (0 = none)");

  public static final Hyperparameter<Precision> PRECISION =
      declare("precision", "training.precision", ValueType.PRECISION)
          .means("precision of the products: single (the first layer's in float), double, or"
              + " single-all (every layer's in float)");

  public static final Hyperparameter<Long> SEED =
      declare("seed", "seed", ValueType.LONG)
          .means("replicate seed: trials that differ only in it are repeats");

  public static final Hyperparameter<Integer> TRAINING_SIZE =
      declare("training-size", "data.training-size", ValueType.WHOLE).perSweep()
          .check(n -> n >= 1, "must be >= 1")
          .means("training images, from the start of the five training batches");

  public static final Hyperparameter<Integer> VALIDATION_SIZE =
      declare("validation-size", "data.validation-size", ValueType.WHOLE).perSweep()
          .check(n -> n >= 1, "must be >= 1")
          .means("validation images, from the end of the five training batches");

  public static final Hyperparameter<Integer> TEST_SIZE =
      declare("test-size", "data.test-size", ValueType.WHOLE).perSweep()
          .check(n -> n >= 1 && n <= DataConfig.TEST_POOL, "must be in [1, 10000]")
          .means("test images used for the test accuracy");

  /** All of them, in the order of the table's columns. */
  public static final List<Hyperparameter<?>> ALL = List.of(HIDDEN, BATCH_NORM, INIT, BN_ALPHA,
      BN_EPSILON, DROPOUT, LAMBDA, BATCH_SIZE, ETA_MIN, ETA_MAX, STEP_SIZE, CYCLES, FLIP, SHIFT,
      PRECISION, SEED, TRAINING_SIZE, VALIDATION_SIZE, TEST_SIZE);

  /** The augmentation a trial's training loop applies. */
  public static Augmentation augmentation(TrialConfig c) {
    return new Augmentation(c.get(FLIP), c.get(SHIFT));
  }

  /** The name a sweep file may use for init with a number: {@code sigma = 1e-4}. */
  public static final String SIGMA = "sigma";

  /** The hyperparameter a sweep file names; {@code sigma} is init given as a number. */
  public static Hyperparameter<?> forName(String name) {
    for (Hyperparameter<?> p : ALL) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    if (name.equals(SIGMA)) {
      return INIT;
    }
    return null;
  }

  /** The names a stage may vary or set, for error messages. */
  public static List<String> sweepableNames() {
    List<String> names = new ArrayList<>();
    for (Hyperparameter<?> p : ALL) {
      if (p.sweepable()) {
        names.add(p.name());
      }
    }
    names.add(SIGMA);
    return names;
  }
}
