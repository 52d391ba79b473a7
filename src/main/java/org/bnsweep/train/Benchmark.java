package org.bnsweep.train;

import java.util.Arrays;
import org.bnsweep.data.ImageSet;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;

/**
 * Times epochs of training updates alone, with the loop {@link Trainer} runs, without
 * evaluations: what a sweep's throughput depends on.
 */
public final class Benchmark {
  private Benchmark() {}

  /** Seconds of each timed epoch and the arithmetic of one epoch. */
  public record Result(int updatesPerEpoch, long flopsPerEpoch, double[] epochSeconds) {
    public double bestSeconds() {
      return Arrays.stream(epochSeconds).min().orElse(Double.NaN);
    }

    public double meanSeconds() {
      return Arrays.stream(epochSeconds).average().orElse(Double.NaN);
    }
  }

  /**
   * One warm-up epoch, then {@code epochs} timed ones; the schedule is stretched so that it
   * does not end before the last timed epoch.
   */
  public static Result run(TrialConfig config, long seed, ImageSet train, int epochs) {
    int perEpoch = train.count() / config.get(Hyperparameters.BATCH_SIZE);
    long needed = (long) perEpoch * (epochs + 1);
    int cycles = (int) Math.max(config.get(Hyperparameters.CYCLES),
        (needed + config.totalUpdates() - 1) / config.totalUpdates()
            * config.get(Hyperparameters.CYCLES));
    TrainingLoop loop = new TrainingLoop(config.with(Hyperparameters.CYCLES, cycles), seed,
        train);
    loop.epoch();
    double[] seconds = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      long start = System.nanoTime();
      loop.epoch();
      seconds[e] = (System.nanoTime() - start) / 1e9;
    }
    return new Result(perEpoch, loop.flopsPerEpoch(), seconds);
  }
}
