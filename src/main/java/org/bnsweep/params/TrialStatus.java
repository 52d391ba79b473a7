package org.bnsweep.params;

import java.util.Optional;

/** How a trial ended. */
public enum TrialStatus {
  /** Trained to the end. */
  OK,
  /** Its loss became NaN or infinite; training stopped there. */
  DIVERGED,
  /**
   * Halted at a rung of a halving stage, before its last cycle, because better trials went on
   * (Optuna calls these pruned). Its curve and metrics are those of the cycles it ran.
   */
  STOPPED,
  /** It threw; the error says why. Set by the sweep, which catches it. */
  FAILED;

  /** The status a word of the results table names. */
  public static TrialStatus ofLabel(String word) {
    return ofWord(word).orElseThrow(() -> new IllegalArgumentException("unknown trial status \""
        + word + "\"; one of ok, diverged, stopped, failed"));
  }

  /** The status a word of the results table names, if it names one. */
  public static Optional<TrialStatus> ofWord(String word) {
    for (TrialStatus s : values()) {
      if (s.label().equals(word)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The word stored in the results table: ok, diverged, stopped, failed. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
