package org.bnsweep.train;

import java.util.HashMap;
import java.util.Map;
import org.bnsweep.data.ImageSet;
import org.bnsweep.nn.Activations;
import org.bnsweep.nn.Mode;
import org.bnsweep.nn.Network;
import org.bnsweep.nn.Precision;

/**
 * Loss and accuracy of a trial's network over a whole image set, in chunks so that evaluating
 * 45,000 images needs buffers of only {@link #CHUNK} columns. Buffers are made once per trial.
 */
final class Evaluator {
  static final int CHUNK = 1000;

  /** Mean loss and accuracy over a set. */
  record Metrics(double loss, double accuracy) {}

  private final Network net;
  private final Precision precision;
  private final Map<Integer, InputBuffer> inputs = new HashMap<>();
  private final Map<Integer, Activations> activations = new HashMap<>();

  Evaluator(Network net, Precision precision) {
    this.net = net;
    this.precision = precision;
  }

  /** The network's metrics over {@code set}. */
  Metrics evaluate(ImageSet set) {
    double lossSum = 0;
    long right = 0;
    for (int from = 0; from < set.count(); from += CHUNK) {
      int n = Math.min(CHUNK, set.count() - from);
      InputBuffer in = inputs.computeIfAbsent(n, c -> new InputBuffer(set.dim(), c, precision));
      Activations a = activations.computeIfAbsent(n, c -> net.activations(c, precision));
      in.copyRange(set, from, a.labels());
      net.forward(in.block(), a, Mode.INFERENCE);
      lossSum += Network.lossSum(a);
      right += Network.correct(a);
    }
    return new Metrics(lossSum / set.count(), (double) right / set.count());
  }
}
