package org.bnsweep.train;

import java.util.Random;
import org.bnsweep.data.CifarBatch;
import org.bnsweep.data.ImageSet;
import org.bnsweep.nn.Activations;
import org.bnsweep.nn.Gradients;
import org.bnsweep.nn.Mode;
import org.bnsweep.nn.Network;

/**
 * Times epochs of training updates alone, the loop {@link Trainer} runs, without evaluations:
 * what a sweep's throughput depends on.
 */
public final class Benchmark {
  private Benchmark() {}

  /** Seconds of each timed epoch and the arithmetic of one epoch. */
  public record Result(int updatesPerEpoch, long flopsPerEpoch, double[] epochSeconds) {
    public double bestSeconds() {
      return java.util.Arrays.stream(epochSeconds).min().orElse(Double.NaN);
    }

    public double meanSeconds() {
      return java.util.Arrays.stream(epochSeconds).average().orElse(Double.NaN);
    }
  }

  /** One warm-up epoch, then {@code epochs} timed ones. */
  public static Result run(TrialConfig config, ImageSet train, int epochs) {
    TrainingConfig tc = config.training();
    int batch = tc.batchSize();
    Network net = Network.initialise(config.network(), train.dim(), CifarBatch.CLASSES,
        new Random(config.seed()));
    CyclicalLearningRate schedule =
        new CyclicalLearningRate(tc.etaMin(), tc.etaMax(), tc.stepSizeFor(train.count()));
    InputBuffer input = new InputBuffer(train.dim(), batch, tc.precision());
    Activations act = net.activations(batch);
    Gradients grads = net.gradients();
    Random shuffler = new Random(config.seed());
    int[] order = new int[train.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    int perEpoch = train.count() / batch;
    double[] seconds = new double[epochs];
    long t = 0;
    for (int e = -1; e < epochs; e++) {
      Trainer.shuffle(order, shuffler);
      long start = System.nanoTime();
      for (int b = 0; b < perEpoch; b++, t++) {
        input.gather(train, order, b * batch, act.labels());
        net.forward(input.block(), act, Mode.TRAIN);
        net.backward(input.block(), act, tc.lambda(), grads);
        net.step(grads, schedule.at(t));
      }
      if (e >= 0) {
        seconds[e] = (System.nanoTime() - start) / 1e9;
      }
    }
    return new Result(perEpoch, perEpoch * net.stepFlops(batch), seconds);
  }
}
