package org.bnsweep.params;

import java.io.Serializable;

/**
 * One value for one hyperparameter, as a config file, a stage's {@code set} or a sweep axis
 * gives it: a value, or {@code auto} (derived when the config is built).
 */
public record Setting<T>(Hyperparameter<T> parameter, T value, boolean auto)
    implements Serializable {

  public static <T> Setting<T> of(Hyperparameter<T> p, T value) {
    return new Setting<>(p, value, false);
  }

  public static <T> Setting<T> auto(Hyperparameter<T> p) {
    return new Setting<>(p, null, true);
  }

  /** Sets it on {@code b}; returns b. */
  public TrialConfig.Builder applyTo(TrialConfig.Builder b) {
    return auto ? b.auto(parameter) : b.set(parameter, value);
  }

  @Override
  public String toString() {
    return parameter.name() + "=" + (auto ? "auto" : parameter.type().show(value));
  }
}
