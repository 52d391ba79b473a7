package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bnsweep.Fixtures;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GradientCheckTest {
  /** Relative error bound for fourth-order centred differences in double (the bound). */
  static final double TOLERANCE = 1e-6;

  static Stream<Arguments> networks() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (List<Integer> hidden : List.of(List.of(20), List.of(20, 15), List.of(20, 15, 12))) {
      for (boolean bn : new boolean[] {false, true}) {
        for (double lambda : new double[] {0.0, 0.1}) {
          cases.add(Arguments.of(hidden, bn, lambda));
        }
      }
    }
    return cases.build();
  }

  @ParameterizedTest(name = "hidden {0}, batch norm {1}, lambda {2}")
  @MethodSource("networks")
  void analyticGradientsMatchCentredDifferences(List<Integer> hidden, boolean bn, double lambda) {
    // 10 input dimensions x 8 examples, standard normal.
    DoubleMatrix x = Fixtures.gaussian(10, 8, 7);
    int[] y = Fixtures.labels(8, 8);
    Network net = Network.initialise(
        new NetworkConfig(hidden, bn, Initialisation.HE, 0.9, 1e-10), 10, 10, new Random(3));
    List<GradientCheck.ParameterError> errors = GradientCheck.check(net, x, y, lambda);

    int expectedParameters = bn ? 3 * hidden.size() + 2 : 2 * (hidden.size() + 1);
    assertEquals(expectedParameters, errors.size());
    for (GradientCheck.ParameterError e : errors) {
      assertTrue(e.maxRelative() < TOLERANCE, e.toString());
      // Most elements must actually have been compared, not skipped at ReLU kinks.
      assertTrue(e.kinks() <= e.elements() / 4, e.toString());
    }
  }

  /**
   * Inverted dropout of 0.3 on every hidden layer with one fixed mask (issue 20): the backward
   * pass must carry the mask and its 1 / (1 - rate) scale. Seen failing with the backward
   * pass's mask left out (W, b of every layer below the top off by far more than 1e-6).
   */
  @ParameterizedTest(name = "hidden {0}, batch norm {1}, lambda {2}, dropout 0.3")
  @MethodSource("networks")
  void gradientsWithAFixedDropoutMaskMatchCentredDifferences(List<Integer> hidden, boolean bn,
      double lambda) {
    DoubleMatrix x = Fixtures.gaussian(10, 8, 7);
    int[] y = Fixtures.labels(8, 8);
    Network net = Network.initialise(
        new NetworkConfig(hidden, bn, Initialisation.HE, 0.9, 1e-10), 10, 10, new Random(3));
    List<GradientCheck.ParameterError> errors =
        GradientCheck.checkWithDropout(net, x, y, lambda, 0.3, 5);
    for (GradientCheck.ParameterError e : errors) {
      assertTrue(e.maxRelative() < TOLERANCE, e.toString());
      assertTrue(e.kinks() <= e.elements() / 4, e.toString());
    }
  }

  /** The mask is applied: with dropout the cost differs from the cost without it. */
  @Test
  void dropoutChangesTheForwardPassAndInferenceIgnoresIt() {
    DoubleMatrix x = Fixtures.gaussian(10, 8, 7);
    Network net = Network.initialise(
        new NetworkConfig(List.of(20, 15), false, Initialisation.HE, 0.9, 1e-10), 10, 10,
        new Random(3));
    DoubleInputBlock input = new DoubleInputBlock(x);
    Activations plain = net.activations(8);
    net.forward(input, plain, Mode.BATCH_STATISTICS);
    Activations dropped = net.activations(8);
    dropped.enableDropout(0.5);
    dropped.drawDropout(new java.util.SplittableRandom(1));
    net.forward(input, dropped, Mode.BATCH_STATISTICS);
    assertTrue(!java.util.Arrays.equals(plain.probabilities().data,
        dropped.probabilities().data));
    net.forward(input, dropped, Mode.INFERENCE);
    assertTrue(java.util.Arrays.equals(plain.probabilities().data,
        dropped.probabilities().data));
  }

  @Test
  void aWrongGradientIsCaught() {
    DoubleMatrix x = Fixtures.gaussian(10, 8, 7);
    int[] y = Fixtures.labels(8, 8);
    Network net = Network.initialise(
        new NetworkConfig(List.of(20), false, Initialisation.HE, 0.9, 1e-10), 10, 10,
        new Random(3));
    // The analytic gradient without the 2 * lambda * W term, against a cost that has it.
    List<GradientCheck.ParameterError> errors = GradientCheck.compare(net, x, y, 0.0, 0.1);
    assertTrue(errors.get(0).maxRelative() > 1e-3, errors.get(0).toString()); // W1
    assertTrue(errors.get(1).maxRelative() < TOLERANCE, errors.get(1).toString()); // b1
  }

  @Test
  void batchNormalisedLayersHaveNoBias() {
    Network net = Network.initialise(
        new NetworkConfig(List.of(5, 4), true, Initialisation.HE, 0.9, 1e-10), 3, 10,
        new Random(1));
    assertEquals(null, net.layers().get(0).bias());
    assertEquals(null, net.layers().get(1).bias());
    assertEquals(10, net.layers().get(2).bias().length);
  }
}
