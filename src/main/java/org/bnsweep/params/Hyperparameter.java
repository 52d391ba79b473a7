package org.bnsweep.params;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting of a trial, declared once in {@link Hyperparameters}: everything else (reading
 * HOCON, sweep axes, the trial id, the table's schema, JSON, the report) is derived from it.
 *
 * @param <T> the Java type of its values
 */
public final class Hyperparameter<T> implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  /** How a range of a numeric parameter is spaced unless a sweep file says otherwise. */
  public enum Scale { LOG, LINEAR }

  private final String name;
  private final String path;
  private final transient ValueType<T> type;
  private final transient Predicate<T> check;
  private final String rule;
  private final Scale scale;
  private final boolean sweepable;
  private final transient Function<TrialConfig.Builder, T> auto;
  private final String description;
  /** The value at which it is left out of the trial id, or null if it never is. */
  private final transient T idDefault;

  private Hyperparameter(Builder<T> b) {
    this.name = Objects.requireNonNull(b.name);
    this.path = Objects.requireNonNull(b.path);
    this.type = Objects.requireNonNull(b.type);
    this.check = b.check;
    this.rule = b.rule;
    this.scale = b.scale;
    this.sweepable = b.sweepable;
    this.auto = b.auto;
    this.description = Objects.requireNonNull(b.description);
    this.idDefault = b.idDefault;
  }

  /** Starts a declaration: the name a sweep file uses, its HOCON path under bnsweep, its type. */
  static <T> Builder<T> declare(String name, String path, ValueType<T> type) {
    return new Builder<>(name, path, type);
  }

  /** The name in sweep files and progress lines: {@code lambda}, {@code batch-size}. */
  public String name() {
    return name;
  }

  /** The HOCON path under {@code bnsweep}: {@code training.lambda}. */
  public String path() {
    return path;
  }

  /** Its column in the results table and its key in JSON: {@code batch_size}. */
  public String column() {
    return name.replace('-', '_');
  }

  public ValueType<T> type() {
    return type;
  }

  public Scale scale() {
    return scale;
  }

  /** True if a sweep stage may vary or set it (the data split is the sweep's, not a stage's). */
  public boolean sweepable() {
    return sweepable;
  }

  /** What it means, for the schema documentation. */
  public String description() {
    return description;
  }

  /** The word that asks for the derived value ({@code step-size = auto}), or null. */
  public String autoWord() {
    return auto == null ? null : "auto";
  }

  /**
   * True if {@code value} is left out of the trial id's text: the parameter was added after
   * trials had been run and {@code value} is its default, the behaviour every trial had before
   * it existed. Its default then leaves the text, and so every id, as it was, so results tables
   * written earlier are reused rather than retrained; any other value enters the text and gives
   * another id.
   */
  public boolean leftOutOfId(T value) {
    return idDefault != null && idDefault.equals(value);
  }

  /**
   * True if the parameter was added after trials had been run: a row without its column
   * predates it and trained with its default.
   */
  public boolean addedLater() {
    return idDefault != null;
  }

  T derive(TrialConfig.Builder partial) {
    return auto.apply(partial);
  }

  /** Throws "training.lambda must be >= 0, got -0.1" unless {@code value} passes the check. */
  public T checked(T value) {
    if (check != null && !check.test(value)) {
      throw new BadSetting(path, rule + ", got " + type.canonical(value));
    }
    return value;
  }

  /**
   * Reads a value from a config file or a sweep axis: a {@link Setting} of a value, or of
   * {@code auto} where the parameter has one. Errors read "CONTEXT: training.lambda must be >= 0,
   * got -0.1 (conf/x.conf: 9)".
   *
   * @param context names where the value sits, e.g. "stage coarse, grid"; empty for none
   */
  public Setting<T> parse(ConfigValue v, String context) {
    String origin = v.origin().description();
    if (auto != null && v.valueType() == ConfigValueType.STRING && "auto".equals(v.unwrapped())) {
      return Setting.auto(this);
    }
    T value;
    try {
      value = type.parse(v);
    } catch (IllegalArgumentException e) {
      BadSetting bad = new BadSetting(context, path, e.getMessage() + "; give "
          + type.expected() + (auto != null ? " or auto" : ""), origin);
      bad.initCause(e);
      throw bad;
    }
    try {
      return Setting.of(this, checked(value));
    } catch (BadSetting e) {
      throw e.at(origin).in(context);
    }
  }

  @Serial
  private Object readResolve() throws ObjectStreamException {
    return Hyperparameters.forName(name);
  }

  @Override
  public String toString() {
    return name;
  }

  /** The parts of a declaration, set one by one so that each reads as what it is. */
  static final class Builder<T> {
    private final String name;
    private final String path;
    private final ValueType<T> type;
    private Predicate<T> check;
    private String rule;
    private Scale scale = Scale.LINEAR;
    private boolean sweepable = true;
    private Function<TrialConfig.Builder, T> auto;
    private String description;
    private T idDefault;

    private Builder(String name, String path, ValueType<T> type) {
      this.name = name;
      this.path = path;
      this.type = type;
    }

    /** A condition every value must meet, and how to say it: "must be >= 0". */
    Builder<T> check(Predicate<T> condition, String rule) {
      this.check = condition;
      this.rule = rule;
      return this;
    }

    Builder<T> logScale() {
      this.scale = Scale.LOG;
      return this;
    }

    /** Fixed for a whole sweep (the data split): not a stage axis. */
    Builder<T> perSweep() {
      this.sweepable = false;
      return this;
    }

    /** {@code auto} in a config asks for this value, derived from the other settings. */
    Builder<T> auto(Function<TrialConfig.Builder, T> derive) {
      this.auto = derive;
      return this;
    }

    /**
     * Added after trials had been run, with {@code off} the behaviour they all had: that value
     * stays out of trial ids (see {@link Hyperparameter#leftOutOfId}).
     */
    Builder<T> since(T off) {
      this.idDefault = off;
      return this;
    }

    Hyperparameter<T> means(String text) {
      this.description = text;
      return new Hyperparameter<>(this);
    }
  }
}
