package org.bnsweep.sweep;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bnsweep.nn.Initialisation;
import org.bnsweep.nn.NetworkConfig;
import org.bnsweep.train.TrainingConfig;
import org.bnsweep.train.TrialConfig;

/**
 * A trial setting that a stage can vary or set, by the name a sweep file uses for it, with how
 * its values are read and on which scale a range of it is spaced.
 */
public enum Parameter {
  LAMBDA("lambda", Kind.REAL, true),
  ETA_MIN("eta-min", Kind.REAL, true),
  ETA_MAX("eta-max", Kind.REAL, true),
  BATCH_SIZE("batch-size", Kind.INTEGER, false),
  STEP_SIZE("step-size", Kind.INTEGER, false),
  CYCLES("cycles", Kind.INTEGER, false),
  /** "he" or a sigma; a range of it is a range of sigma. */
  INIT("init", Kind.INIT, true),
  /** Same as init with a number: N(0, sigma^2). */
  SIGMA("sigma", Kind.REAL, true),
  BATCH_NORM("batch-norm", Kind.BOOLEAN, false),
  HIDDEN("hidden", Kind.WIDTHS, false),
  BN_ALPHA("bn-alpha", Kind.REAL, false),
  PRECISION("precision", Kind.STRING, false),
  /** The replicate seed: trials that differ only in it are repeats with other random draws. */
  SEED("seed", Kind.INTEGER, false);

  enum Kind { REAL, INTEGER, BOOLEAN, WIDTHS, STRING, INIT }

  private final String key;
  private final Kind kind;
  private final boolean logScale;

  Parameter(String key, Kind kind, boolean logScale) {
    this.key = key;
    this.kind = kind;
    this.logScale = logScale;
  }

  /** The name in sweep files, e.g. {@code lambda}. */
  public String key() {
    return key;
  }

  /** True for parameters that a range can span (numbers). */
  public boolean isNumeric() {
    return kind == Kind.REAL || kind == Kind.INTEGER || kind == Kind.INIT;
  }

  public boolean isInteger() {
    return kind == Kind.INTEGER;
  }

  /** Ranges of it are spaced logarithmically unless the file says otherwise. */
  public boolean logScaleByDefault() {
    return logScale;
  }

  public static Parameter forKey(String key, String where) {
    for (Parameter p : values()) {
      if (p.key.equals(key)) {
        return p;
      }
    }
    List<String> keys = new ArrayList<>();
    for (Parameter p : values()) {
      keys.add(p.key);
    }
    throw new IllegalArgumentException(where + ": unknown parameter \"" + key
        + "\"; use one of " + keys);
  }

  /** Reads one value of this parameter from a sweep file. */
  public Object parse(ConfigValue v, String where) {
    Object raw = v.unwrapped();
    String at = where + " (" + v.origin().description() + ")";
    try {
      return switch (kind) {
        case REAL -> ((Number) raw).doubleValue();
        case INTEGER -> {
          Number n = (Number) raw;
          if (n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(at + ": " + key + " must be a whole number, got "
                + n);
          }
          yield n.longValue();
        }
        case BOOLEAN -> (Boolean) raw;
        case STRING -> (String) raw;
        case INIT -> v.valueType() == ConfigValueType.STRING
            ? parseInit((String) raw, at) : Initialisation.gaussian(((Number) raw).doubleValue());
        case WIDTHS -> {
          List<Integer> widths = new ArrayList<>();
          for (Object o : (List<?>) raw) {
            widths.add(((Number) o).intValue());
          }
          yield List.copyOf(widths);
        }
      };
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(at + ": " + key + " does not take " + describe(v)
          + "; " + expected());
    }
  }

  private static Initialisation parseInit(String s, String at) {
    if (s.trim().toLowerCase(Locale.ROOT).equals("he")) {
      return Initialisation.HE;
    }
    try {
      return Initialisation.gaussian(Double.parseDouble(s.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(at + ": init must be \"he\" or a sigma, got \"" + s
          + "\"");
    }
  }

  private String expected() {
    return switch (kind) {
      case REAL -> "give a number such as 0.01";
      case INTEGER -> "give a whole number";
      case BOOLEAN -> "give true or false";
      case STRING -> "give a string";
      case INIT -> "give \"he\" or a sigma such as 1e-4";
      case WIDTHS -> "give a list of widths such as [50, 50]";
    };
  }

  private static String describe(ConfigValue v) {
    return v.valueType().name().toLowerCase(Locale.ROOT) + " " + v.render();
  }

  /** A value of this parameter made from a number of a range (sigma for init). */
  public Object fromNumber(double x) {
    return switch (kind) {
      case REAL -> x;
      case INTEGER -> Math.round(x);
      case INIT -> Initialisation.gaussian(x);
      default -> throw new IllegalStateException(key + " is not numeric");
    };
  }

  /** The value of this parameter in {@code c} as a number, for refinements around it. */
  public double numberIn(TrialConfig c) {
    TrainingConfig t = c.training();
    NetworkConfig n = c.network();
    return switch (this) {
      case LAMBDA -> t.lambda();
      case ETA_MIN -> t.etaMin();
      case ETA_MAX -> t.etaMax();
      case BATCH_SIZE -> t.batchSize();
      case STEP_SIZE -> t.stepSize();
      case CYCLES -> t.cycles();
      case INIT, SIGMA -> n.init().sigma();
      case BN_ALPHA -> n.bnAlpha();
      case SEED -> c.seed();
      default -> throw new IllegalStateException(key + " is not numeric");
    };
  }

  /** {@code c} with this parameter set to {@code value} (as {@link #parse} returns it). */
  public TrialConfig apply(TrialConfig c, Object value) {
    TrainingConfig t = c.training();
    NetworkConfig n = c.network();
    return switch (this) {
      case LAMBDA -> with(c, new TrainingConfig((Double) value, t.batchSize(), t.etaMin(),
          t.etaMax(), t.stepSize(), t.cycles(), t.precision()));
      case ETA_MIN -> with(c, new TrainingConfig(t.lambda(), t.batchSize(), (Double) value,
          t.etaMax(), t.stepSize(), t.cycles(), t.precision()));
      case ETA_MAX -> with(c, new TrainingConfig(t.lambda(), t.batchSize(), t.etaMin(),
          (Double) value, t.stepSize(), t.cycles(), t.precision()));
      case BATCH_SIZE -> with(c, new TrainingConfig(t.lambda(), intValue(value), t.etaMin(),
          t.etaMax(), t.stepSize(), t.cycles(), t.precision()));
      case STEP_SIZE -> with(c, new TrainingConfig(t.lambda(), t.batchSize(), t.etaMin(),
          t.etaMax(), intValue(value), t.cycles(), t.precision()));
      case CYCLES -> with(c, t.withCycles(intValue(value)));
      case PRECISION -> with(c, new TrainingConfig(t.lambda(), t.batchSize(), t.etaMin(),
          t.etaMax(), t.stepSize(), t.cycles(), (String) value));
      case INIT -> with(c, n.withInit((Initialisation) value));
      case SIGMA -> with(c, n.withInit(Initialisation.gaussian((Double) value)));
      case BATCH_NORM -> with(c, n.withBatchNorm((Boolean) value));
      case HIDDEN -> with(c, n.withHidden(castWidths(value)));
      case BN_ALPHA -> with(c, new NetworkConfig(n.hidden(), n.batchNorm(), n.init(),
          (Double) value, n.bnEpsilon()));
      case SEED -> c.withSeed(((Number) value).longValue());
    };
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> castWidths(Object value) {
    return (List<Integer>) value;
  }

  private static int intValue(Object value) {
    return Math.toIntExact(((Number) value).longValue());
  }

  private static TrialConfig with(TrialConfig c, TrainingConfig t) {
    return new TrialConfig(c.network(), t, c.seed());
  }

  private static TrialConfig with(TrialConfig c, NetworkConfig n) {
    return new TrialConfig(n, c.training(), c.seed());
  }

  /** How a value of this parameter reads in progress lines: {@code lambda=0.001}. */
  public String show(TrialConfig c) {
    return key + "=" + switch (this) {
      case HIDDEN -> c.network().hidden().toString();
      case BATCH_NORM -> Boolean.toString(c.network().batchNorm());
      case PRECISION -> c.training().precision();
      case INIT, SIGMA -> c.network().init().toString();
      default -> isInteger() ? Long.toString((long) numberIn(c))
          : String.format(Locale.ROOT, "%.3g", numberIn(c));
    };
  }
}
