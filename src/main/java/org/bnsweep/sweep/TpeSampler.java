package org.bnsweep.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.bnsweep.params.Setting;

/**
 * The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio and Kegl, NeurIPS 2011), in
 * its multivariate form. After {@code startup} scored trials drawn at random, it splits the
 * trials into good (the best ceil(10%) by validation accuracy, at most 25, as Optuna's default
 * gamma) and bad (the rest, and every trial still running or stopped early: the "constant liar"
 * that keeps parallel proposals apart), fits a {@link ParzenEstimator} to each, draws
 * {@code candidates} points from the good density and proposes the one with the highest ratio
 * of good to bad density.
 */
public record TpeSampler(List<Axis> space, int startup, int candidates) implements Sampler {
  /** Optuna's defaults. */
  static final int STARTUP = 10;
  static final int CANDIDATES = 24;

  public TpeSampler {
    space = List.copyOf(space);
    if (startup < 1) {
      throw new IllegalArgumentException("startup must be >= 1 random trials, got " + startup);
    }
    if (candidates < 1) {
      throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
    }
    new SpaceCoordinates(space);
  }

  @Override
  public String name() {
    return "tpe";
  }

  @Override
  public List<Setting<?>> next(List<Observation> history, Random rng) {
    SpaceCoordinates coordinates = new SpaceCoordinates(space);
    List<Observation> scored = history.stream().filter(o -> o.score().isPresent())
        .sorted(Comparator.comparingDouble((Observation o) -> -o.score().getAsDouble()))
        .toList();
    if (scored.size() < startup) {
      return RandomSampler.draw(space, rng);
    }
    int good = Math.min(scored.size(), Math.max(1,
        Math.min(25, (int) Math.ceil(0.1 * history.size()))));
    List<double[]> below = new ArrayList<>();
    List<double[]> above = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      add(i < good ? below : above, coordinates, scored.get(i));
    }
    history.stream().filter(o -> o.score().isEmpty()).forEach(o -> add(above, coordinates, o));
    ParzenEstimator l = new ParzenEstimator(coordinates, below);
    ParzenEstimator g = new ParzenEstimator(coordinates, above);
    double[] best = null;
    double bestRatio = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < candidates; i++) {
      double[] x = l.sample(rng);
      double ratio = l.logDensity(x) - g.logDensity(x);
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = x;
      }
    }
    return coordinates.settings(best);
  }

  private static void add(List<double[]> group, SpaceCoordinates coordinates, Observation o) {
    double[] x = coordinates.of(o.config());
    if (x != null) {
      group.add(x);
    }
  }

  @Override
  public int observationsToLearn() {
    return startup;
  }

  @Override
  public String explain() {
    return "TPE (multivariate, constant liar): " + startup + " random trials, then the best of "
        + candidates + " draws from the good trials' density by good/bad density ratio";
  }
}
