package org.bnsweep.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bnsweep.data.ImageSet;
import org.bnsweep.nn.Activations;
import org.bnsweep.nn.Mode;
import org.bnsweep.nn.Network;
import org.bnsweep.nn.Precision;

/**
 * Loss and accuracy of the networks of a pack over a whole image set, in chunks so that
 * evaluating 45,000 images needs buffers of only {@link #CHUNK} columns. The networks share each
 * pass over the data: a chunk is copied once and their first layers multiply it as one product.
 * Buffers are made once per pack.
 */
final class Evaluator {
  static final int CHUNK = 1000;

  /** Mean loss and accuracy over a set. */
  record Metrics(double loss, double accuracy) {}

  private final Precision precision;
  private final Map<Integer, InputBuffer> inputs = new HashMap<>();
  private final Map<Network, Map<Integer, Activations>> activations = new IdentityHashMap<>();

  Evaluator(Precision precision) {
    this.precision = precision;
  }

  /** The metrics of each of {@code networks} over {@code set}, in their order. */
  List<Metrics> evaluate(ImageSet set, List<Network> networks) {
    int k = networks.size();
    if (k == 0) {
      return List.of();
    }
    double[] lossSum = new double[k];
    long[] right = new long[k];
    int[] labels = new int[Math.min(CHUNK, set.count())];
    for (int from = 0; from < set.count(); from += CHUNK) {
      int n = Math.min(CHUNK, set.count() - from);
      InputBuffer in = inputs.computeIfAbsent(n, c -> new InputBuffer(set.dim(), c, precision));
      List<Activations> acts = new ArrayList<>(k);
      for (Network net : networks) {
        acts.add(activations.computeIfAbsent(net, x -> new HashMap<>())
            .computeIfAbsent(n, c -> net.activations(c, precision)));
      }
      in.copyRange(set, from, labels);
      for (Activations a : acts) {
        System.arraycopy(labels, 0, a.labels(), 0, n);
      }
      Network.forward(in.block(), networks, acts, Mode.INFERENCE);
      for (int i = 0; i < k; i++) {
        lossSum[i] += Network.lossSum(acts.get(i));
        right[i] += Network.correct(acts.get(i));
      }
    }
    List<Metrics> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(new Metrics(lossSum[i] / set.count(), (double) right[i] / set.count()));
    }
    return out;
  }
}
