package org.bnsweep.params;

import static org.bnsweep.params.Hyperparameters.BATCH_NORM;
import static org.bnsweep.params.Hyperparameters.BATCH_SIZE;
import static org.bnsweep.params.Hyperparameters.BN_ALPHA;
import static org.bnsweep.params.Hyperparameters.BN_EPSILON;
import static org.bnsweep.params.Hyperparameters.CYCLES;
import static org.bnsweep.params.Hyperparameters.ETA_MAX;
import static org.bnsweep.params.Hyperparameters.ETA_MIN;
import static org.bnsweep.params.Hyperparameters.HIDDEN;
import static org.bnsweep.params.Hyperparameters.INIT;
import static org.bnsweep.params.Hyperparameters.STEP_SIZE;
import static org.bnsweep.params.Hyperparameters.TRAINING_SIZE;
import static org.bnsweep.params.Hyperparameters.VALIDATION_SIZE;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.bnsweep.data.DataConfig;
import org.bnsweep.nn.NetworkConfig;

/**
 * Everything that decides a trial's numbers besides the data and the seed it trains with: one
 * value for every declared {@link Hyperparameter}, each checked, {@code auto} already resolved.
 * Immutable; build one with {@link #builder()} or change one with {@link #with}.
 */
public final class TrialConfig implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Values by hyperparameter name, in declaration order. */
  private final Map<String, Object> values;

  private TrialConfig(Map<String, Object> values) {
    this.values = values;
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Hyperparameter<T> p) {
    return (T) values.get(p.name());
  }

  /** A copy with {@code p} set to {@code value}, checked as the builder checks it. */
  public <T> TrialConfig with(Hyperparameter<T> p, T value) {
    return toBuilder().set(p, value).build();
  }

  /** A builder holding every value of this config. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The network's shape and normalisation, as the nn package takes them. */
  public NetworkConfig network() {
    return new NetworkConfig(get(HIDDEN), get(BATCH_NORM), get(INIT), get(BN_ALPHA),
        get(BN_EPSILON));
  }

  /** Updates the trial runs: 2 x step-size x cycles. */
  public long totalUpdates() {
    return 2L * get(STEP_SIZE) * get(CYCLES);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrialConfig c && c.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "{", "}");
    for (Hyperparameter<?> p : Hyperparameters.ALL) {
      j.add(p.name() + "=" + show(p));
    }
    return j.toString();
  }

  /** The value of {@code p} as a user reads it: 0.001, [50, 50], he. */
  public <T> String show(Hyperparameter<T> p) {
    return p.type().show(get(p));
  }

  /** Collects values, then checks them all at once in {@link #build()}. */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Set<String> auto = new HashSet<>();

    private Builder() {}

    public <T> Builder set(Hyperparameter<T> p, T value) {
      values.put(p.name(), p.checked(value));
      auto.remove(p.name());
      return this;
    }

    /** Asks for the derived value of {@code p} ({@code step-size = auto}). */
    public Builder auto(Hyperparameter<?> p) {
      if (p.autoWord() == null) {
        throw new IllegalArgumentException(p.path() + " has no auto value");
      }
      values.remove(p.name());
      auto.add(p.name());
      return this;
    }

    @SuppressWarnings("unchecked")
    <T> T get(Hyperparameter<T> p) {
      if (!values.containsKey(p.name())) {
        throw new IllegalStateException(p.path() + " is not set");
      }
      return (T) values.get(p.name());
    }

    /** Resolves {@code auto}, checks the values against each other, and freezes them. */
    public TrialConfig build() {
      Map<String, Object> resolved = new LinkedHashMap<>();
      for (Hyperparameter<?> p : Hyperparameters.ALL) {
        if (auto.contains(p.name())) {
          resolved.put(p.name(), resolve(p));
        } else if (values.containsKey(p.name())) {
          resolved.put(p.name(), values.get(p.name()));
        } else {
          throw new BadSetting(p.path(), "is not set; give it a value");
        }
      }
      TrialConfig c = new TrialConfig(java.util.Collections.unmodifiableMap(resolved));
      checkTogether(c);
      return c;
    }

    private <T> T resolve(Hyperparameter<T> p) {
      return p.checked(p.derive(this));
    }

    /** Every rule between two values, all reported at once. */
    private static void checkTogether(TrialConfig c) {
      List<BadSetting> problems = new ArrayList<>();
      if (c.get(ETA_MIN) > c.get(ETA_MAX)) {
        problems.add(new BadSetting(ETA_MIN.path(), "must be <= " + ETA_MAX.path() + ", got "
            + c.get(ETA_MIN) + " > " + c.get(ETA_MAX) + "; swap them"));
      }
      if (c.get(TRAINING_SIZE) + c.get(VALIDATION_SIZE) > DataConfig.TRAINING_POOL) {
        problems.add(new BadSetting(TRAINING_SIZE.path(), "+ " + VALIDATION_SIZE.path()
            + " must be <= " + DataConfig.TRAINING_POOL + ", got " + c.get(TRAINING_SIZE) + " + "
            + c.get(VALIDATION_SIZE) + "; lower one of them"));
      }
      if (c.get(BATCH_SIZE) > c.get(TRAINING_SIZE)) {
        problems.add(new BadSetting(BATCH_SIZE.path(), c.get(BATCH_SIZE) + " is larger than the "
            + c.get(TRAINING_SIZE) + " training images; lower it or raise "
            + TRAINING_SIZE.path()));
      }
      BadSettings.throwIfAny(problems);
    }
  }
}
