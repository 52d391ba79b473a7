package org.bnsweep.report;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One row of the results table, reduced to what the report shows. Doubles that are null in the
 * table (metrics not reached, sigma of a He initialisation) are NaN here, so that plotting and
 * sorting code needs no null checks.
 *
 * @param depth number of layers, hidden layers + 1
 * @param init {@code he} or the sigma of a fixed-variance initialisation as text
 * @param sigma the fixed initial standard deviation, NaN for He
 * @param seconds wall time of the whole trial (data loading, training, evaluation)
 */
public record Trial(String stage, String trialId, String status, String error,
    List<Integer> hidden, int depth, boolean batchNorm, String init, double sigma, double lambda,
    int trainingSize, double valAccuracy, double testAccuracy, double seconds, String executor,
    List<Epoch> curve) {

  /** Best validation accuracy first; trials without one (NaN) last. */
  static final Comparator<Trial> BEST_FIRST =
      Comparator.comparingDouble((Trial t) -> Double.isNaN(t.valAccuracy) ? Double.NEGATIVE_INFINITY
          : t.valAccuracy).reversed();

  public Trial {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(status, "status");
    hidden = List.copyOf(hidden);
    curve = List.copyOf(curve);
    executor = executor == null ? "unknown" : executor;
  }

  public boolean ok() {
    return "ok".equals(status);
  }

  public boolean he() {
    return "he".equalsIgnoreCase(init);
  }

  /** True when {@link #sigma} equals {@code s} up to the rounding of a printed double. */
  public boolean hasSigma(double s) {
    return !Double.isNaN(sigma) && Math.abs(sigma - s) <= 1e-9 * Math.abs(s);
  }

  /** "BN on" or "BN off", the legend and column wording used throughout the report. */
  public String bnLabel() {
    return batchNorm ? "BN on" : "BN off";
  }

  /** Where the trial is and what it reached, for captions: "fine/t07, hidden [50, 50], ...". */
  public String summary() {
    return stage + "/" + trialId + ", hidden " + hidden + ", lambda " + Format.sci(lambda)
        + ", validation accuracy " + Format.percent(valAccuracy) + ", test accuracy "
        + Format.percent(testAccuracy);
  }
}
