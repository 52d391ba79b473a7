package org.bnsweep.report;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.StageType;

/**
 * One row of the results table, reduced to what the report shows. Doubles that are null in the
 * table (metrics not reached, sigma of a He initialisation) are NaN here, so that plotting and
 * sorting code needs no null checks.
 *
 * @param depth number of layers, hidden layers + 1
 * @param init {@code he} or the sigma of a fixed-variance initialisation as text
 * @param sigma the fixed initial standard deviation, NaN for He
 * @param seconds wall time of the whole trial (data loading, training, evaluation)
 * @param params every {@link HyperColumn} the table holds a value of for this trial (null
 *     values, such as sigma of He or a column an older table lacks, are left out)
 * @param updates update steps the trial spent, NaN when the table does not say
 * @param stageType grid, refine, halving..., when the table has a {@code stage_type} column
 * @param retrain the settings and seeds that train it again, when the row records them all
 * @param startedAt when the trial started (its first segment, for a trial resumed from a
 *     checkpoint), when the row says
 * @param endedAt when its row was written, when the row says
 */
public record Trial(String stage, String trialId, TrialStatus status, String error,
    List<Integer> hidden, int depth, boolean batchNorm, String init, double sigma, double lambda,
    int trainingSize, double valAccuracy, double testAccuracy, double seconds, String executor,
    List<Epoch> curve, Map<HyperColumn, Object> params, double updates,
    Optional<StageType> stageType, Map<String, String> provenance, Optional<Retrain> retrain,
    Optional<Instant> startedAt, Optional<Instant> endedAt) {

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
    Map<HyperColumn, Object> copy = new LinkedHashMap<>();
    params.forEach((c, v) -> {
      if (v != null) {
        copy.put(c, v);
      }
    });
    params = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(stageType, "stageType");
    provenance = Map.copyOf(provenance);
    Objects.requireNonNull(retrain, "retrain");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
  }

  /** A trial whose row says nothing of when it ran. */
  public Trial(String stage, String trialId, TrialStatus status, String error,
      List<Integer> hidden,
      int depth, boolean batchNorm, String init, double sigma, double lambda, int trainingSize,
      double valAccuracy, double testAccuracy, double seconds, String executor,
      List<Epoch> curve, Map<HyperColumn, Object> params, double updates,
      Optional<StageType> stageType, Map<String, String> provenance, Optional<Retrain> retrain) {
    this(stage, trialId, status, error, hidden, depth, batchNorm, init, sigma, lambda,
        trainingSize, valAccuracy, testAccuracy, seconds, executor, curve, params, updates,
        stageType, provenance, retrain, Optional.empty(), Optional.empty());
  }

  /** A trial whose row says nothing of where it ran (tables written before provenance). */
  public Trial(String stage, String trialId, TrialStatus status, String error,
      List<Integer> hidden,
      int depth, boolean batchNorm, String init, double sigma, double lambda, int trainingSize,
      double valAccuracy, double testAccuracy, double seconds, String executor,
      List<Epoch> curve, Map<HyperColumn, Object> params, double updates,
      Optional<StageType> stageType) {
    this(stage, trialId, status, error, hidden, depth, batchNorm, init, sigma, lambda,
        trainingSize, valAccuracy, testAccuracy, seconds, executor, curve, params, updates,
        stageType, Map.of(), Optional.empty());
  }

  /** The value of a hyperparameter column, null when the table has none for this trial. */
  public Object param(HyperColumn c) {
    return params.get(c);
  }

  /**
   * What the optimisation history groups trials by: the stage type when the table records it,
   * else the stage name.
   */
  public String historyGroup() {
    return stageType.map(StageType::label).orElse(stage);
  }

  public boolean ok() {
    return status == TrialStatus.OK;
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
