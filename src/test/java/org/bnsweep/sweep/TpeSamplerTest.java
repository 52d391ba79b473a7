package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.junit.jupiter.api.Test;

/** TPE against random search on a known function, with no training. */
class TpeSamplerTest {
  private static final int EVALUATIONS = 40;
  private static final int SEEDS = 20;

  /**
   * Branin's function (minimum 0.397887 at three points) over lambda in [1e-5, 1e-1] and eta-max
   * in [1e-2, 1], both on a log scale, mapped onto its usual domain [-5, 10] x [0, 15].
   */
  static double branin(TrialConfig c) {
    double u = (Math.log10(c.get(Hyperparameters.LAMBDA)) + 5) / 4;
    double v = (Math.log10(c.get(Hyperparameters.ETA_MAX)) + 2) / 2;
    double x = -5 + 15 * u;
    double y = 15 * v;
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double t = y - b * x * x + 5 / Math.PI * x - 6;
    return t * t + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
  }

  private static List<Axis> space() {
    return List.of(
        new Axis(Hyperparameters.LAMBDA, "lambda", new Distribution.Range(1e-5, 1e-1,
            OptionalInt.empty(), true, false, false), "test lambda"),
        new Axis(Hyperparameters.ETA_MAX, "eta-max", new Distribution.Range(1e-2, 1,
            OptionalInt.empty(), true, false, false), "test eta-max"));
  }

  /** The lowest value found in {@link #EVALUATIONS} sequential proposals. */
  private static double best(Sampler sampler, long seed) {
    Stage stage = new Stage("s", sampler, new Scheduler.Asha(List.of(1), 2,
        new Scheduler.Budget(OptionalInt.of(EVALUATIONS), OptionalDouble.empty())), List.of());
    Stage.Base base = AsyncHalvingTest.base();
    List<Sampler.Observation> history = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < EVALUATIONS; i++) {
      TrialConfig c = stage.config(base, sampler.next(history, new Random(seed * 1000 + i)));
      double f = branin(c);
      best = Math.min(best, f);
      history.add(new Sampler.Observation(c, OptionalDouble.of(-f)));
    }
    return best;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  @Test
  void findsALowerValueOfBraninThanRandomSearchWithTheSameEvaluations() {
    double[] tpe = new double[SEEDS];
    double[] random = new double[SEEDS];
    for (int s = 0; s < SEEDS; s++) {
      tpe[s] = best(new TpeSampler(space(), TpeSampler.STARTUP, TpeSampler.CANDIDATES), s);
      random[s] = best(new RandomSampler(space()), s);
    }
    double tpeMedian = median(tpe);
    double randomMedian = median(random);
    System.out.printf("median best of %d evaluations over %d seeds: TPE %.4f, random %.4f%n",
        EVALUATIONS, SEEDS, tpeMedian, randomMedian);
    assertTrue(tpeMedian < randomMedian, "median best of TPE " + tpeMedian + ", of random "
        + randomMedian);
  }

  @Test
  void countsPendingTrialsAsBadSoParallelProposalsDiffer() {
    TpeSampler tpe = new TpeSampler(space(), 3, TpeSampler.CANDIDATES);
    Stage stage = new Stage("s", tpe, new Scheduler.Asha(List.of(1), 2,
        new Scheduler.Budget(OptionalInt.of(10), OptionalDouble.empty())), List.of());
    List<Sampler.Observation> history = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      TrialConfig c = stage.config(AsyncHalvingTest.base(), tpe.next(history, new Random(i)));
      history.add(new Sampler.Observation(c, OptionalDouble.of(-branin(c))));
    }
    TrialConfig first = stage.config(AsyncHalvingTest.base(), tpe.next(history, new Random(99)));
    List<Sampler.Observation> withPending = new ArrayList<>(history);
    withPending.add(new Sampler.Observation(first, OptionalDouble.empty()));
    TrialConfig second = stage.config(AsyncHalvingTest.base(),
        tpe.next(withPending, new Random(99)));
    assertTrue(!first.equals(second), "the same draws proposed the pending trial again");
  }
}
