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
 * A training block that steps the first layer itself ({@link FloatInputBlock#stepFirstLayer})
 * gives the weights of the plain route (widen the gradient, step, narrow again before the next
 * product) to the bit, and narrows again whenever the weights it stepped are not the ones
 * multiplied next.
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

  /** {@code steps} updates of the network of {@code seed}; returns it. */
  static Network train(boolean fused, int steps, long seed) {
    Network net = network(seed);
    Activations a = net.activations(COLUMNS);
    Gradients g = net.gradients();
    System.arraycopy(Fixtures.labels(COLUMNS, 2), 0, a.labels, 0, COLUMNS);
    FloatInputBlock x = block(fused);
    for (int s = 0; s < steps; s++) {
      net.forward(x, a, Mode.TRAIN);
      net.backwardWithoutPenalty(x, a, g);
      if (fused) {
        net.stepWithPenalty(x, g, 0.01, 0.05);
      } else {
        net.stepWithPenalty(g, 0.01, 0.05);
      }
    }
    return net;
  }

  static void assertSameWeights(Network a, Network b) {
    for (int l = 0; l < a.layers().size(); l++) {
      assertArrayEquals(a.layers().get(l).weights().data, b.layers().get(l).weights().data,
          "layer " + (l + 1));
    }
  }

  @Test
  void theFusedStepGivesThePlainWeightsBitForBit() {
    assertSameWeights(train(false, 6, 1), train(true, 6, 1));
    assertSameWeights(train(false, 6, 2), train(true, 6, 2));
    // Positive control: the weights do move, so equal weights are not trivially equal.
    assertFalse(java.util.Arrays.equals(network(1).layers().get(0).weights().data,
        train(true, 6, 1).layers().get(0).weights().data));
  }

  /** Seen failing without the weightsChanged() call: the stale float copy was multiplied. */
  @Test
  void weightsChangedAfterTheStepAreNarrowedAgain() {
    FloatInputBlock fused = block(true);
    Network net = network(1);
    Activations a = net.activations(COLUMNS);
    Gradients g = net.gradients();
    net.forward(fused, a, Mode.TRAIN);
    net.backwardWithoutPenalty(fused, a, g);
    net.stepWithPenalty(fused, g, 0.01, 0.1);
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
        () -> fused.stepFirstLayer(net.layers().get(0).weights(), 0, 0)).getMessage()
        .contains("transposed product"));
  }
}
