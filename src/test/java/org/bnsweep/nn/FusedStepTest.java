package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.bnsweep.Fixtures;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * A training block that steps the first layers itself ({@link FloatInputBlock#stepFirstLayers})
 * gives the weights of the plain route (widen the gradient, step, narrow again before the next
 * product) to the bit, alone and in a pack, and narrows again whenever the weights it stepped
 * are not the ones multiplied next.
 */
class FusedStepTest {
  static final int DIM = 12;
  static final int COLUMNS = 8;

  static Network network(long seed) {
    return Network.initialise(new NetworkConfig(List.of(7, 5), true, Initialisation.HE, 0.9,
        1e-10), DIM, 10, new Random(seed));
  }

  static FloatInputBlock block(boolean fused) {
    FloatInputBlock b = new FloatInputBlock(DIM, COLUMNS, fused);
    DoubleMatrix x = Fixtures.gaussian(DIM, COLUMNS, 4);
    for (int i = 0; i < x.length; i++) {
      b.data()[i] = (float) x.data[i];
    }
    return b;
  }

  /** {@code steps} updates of a pack of the networks of {@code seeds}; returns the networks. */
  static List<Network> train(boolean fused, int steps, long... seeds) {
    List<Network> nets = java.util.Arrays.stream(seeds).mapToObj(FusedStepTest::network)
        .toList();
    List<Activations> acts = nets.stream().map(n -> n.activations(COLUMNS)).toList();
    List<Gradients> grads = nets.stream().map(Network::gradients).toList();
    int[] y = Fixtures.labels(COLUMNS, 2);
    acts.forEach(a -> System.arraycopy(y, 0, a.labels, 0, COLUMNS));
    double[] lambdas = new double[seeds.length];
    double[] etas = new double[seeds.length];
    for (int k = 0; k < seeds.length; k++) {
      lambdas[k] = 0.01 * (k + 1);
      etas[k] = 0.05 / (k + 1);
    }
    FloatInputBlock x = block(fused);
    for (int s = 0; s < steps; s++) {
      Network.forward(x, nets, acts, Mode.TRAIN);
      Network.backwardWithoutPenalty(x, nets, acts, grads);
      if (fused) {
        Network.stepWithPenalty(x, nets, grads, lambdas, etas);
      } else {
        for (int k = 0; k < nets.size(); k++) {
          nets.get(k).stepWithPenalty(grads.get(k), lambdas[k], etas[k]);
        }
      }
    }
    return nets;
  }

  static void assertSameWeights(List<Network> a, List<Network> b) {
    for (int k = 0; k < a.size(); k++) {
      for (int l = 0; l < a.get(k).layers().size(); l++) {
        assertArrayEquals(a.get(k).layers().get(l).weights().data,
            b.get(k).layers().get(l).weights().data, "network " + k + ", layer " + (l + 1));
      }
    }
  }

  @Test
  void aloneAndInAPackTheFusedStepGivesThePlainWeightsBitForBit() {
    assertSameWeights(train(false, 6, 1), train(true, 6, 1));
    assertSameWeights(train(false, 6, 1, 2, 3), train(true, 6, 1, 2, 3));
    // Positive control: the weights do move, so equal weights are not trivially equal.
    assertFalse(java.util.Arrays.equals(network(1).layers().get(0).weights().data,
        train(true, 6, 1).get(0).layers().get(0).weights().data));
  }

  /** Seen failing without the weightsChanged() call: the stale float copy was multiplied. */
  @Test
  void weightsChangedAfterTheStepAreNarrowedAgain() {
    FloatInputBlock fused = block(true);
    Network net = network(1);
    Activations a = net.activations(COLUMNS);
    Gradients g = net.gradients();
    Network.forward(fused, List.of(net), List.of(a), Mode.TRAIN);
    Network.backwardWithoutPenalty(fused, List.of(net), List.of(a), List.of(g));
    Network.stepWithPenalty(fused, List.of(net), List.of(g), new double[] {0.01},
        new double[] {0.1});
    // As a restore from a checkpoint does: new numbers in the same matrix.
    DoubleMatrix viaFused = new DoubleMatrix(7, COLUMNS);
    DoubleMatrix viaPlain = new DoubleMatrix(7, COLUMNS);
    block(false).multiply(net.layers().get(0).weights(), viaPlain);
    fused.multiply(net.layers().get(0).weights(), viaFused);
    assertArrayEquals(viaPlain.data, viaFused.data, "the stepped weights' own float copy");
    net.restore(network(9).state());
    fused.weightsChanged();
    block(false).multiply(net.layers().get(0).weights(), viaPlain);
    fused.multiply(net.layers().get(0).weights(), viaFused);
    assertArrayEquals(viaPlain.data, viaFused.data, "narrowed again after a restore");
  }

  @Test
  void aFusedStepWithoutItsGradientsIsRefused() {
    FloatInputBlock fused = block(true);
    Network net = network(1);
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> fused.stepFirstLayers(List.of(net.layers().get(0).weights()), new double[] {0},
            new double[] {0})).getMessage().contains("transposed product"));
  }
}
