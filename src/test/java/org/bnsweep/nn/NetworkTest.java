package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.bnsweep.Fixtures;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

class NetworkTest {

  static Network bnNetwork() {
    return Network.initialise(
        new NetworkConfig(List.of(6), true, Initialisation.HE, 0.9, 1e-10), 4, 10,
        new Random(5));
  }

  /**
   * The training loop's step (data gradient, then the penalty added in the step's own pass) must
   * be the same arithmetic as the full gradient followed by {@code theta -= eta * grad}, to the
   * bit, for a network with and without batch normalisation.
   */
  @Test
  void aStepWithThePenaltyEqualsTheFullGradientStepToTheBit() {
    for (boolean bn : new boolean[] {true, false}) {
      NetworkConfig config = new NetworkConfig(List.of(6, 5), bn, Initialisation.HE, 0.9, 1e-10);
      Network full = Network.initialise(config, 4, 10, new Random(7));
      Network fused = Network.initialise(config, 4, 10, new Random(7));
      DoubleInputBlock x = new DoubleInputBlock(Fixtures.gaussian(4, 8, 8)); // 4 dims x 8
      double lambda = 0.01;
      double eta = 0.05;
      for (int step = 0; step < 3; step++) {
        Activations a = full.activations(8);
        full.forward(x, a, Mode.TRAIN);
        Gradients g = full.gradients();
        full.backward(x, a, lambda, g);
        for (Gradients.Pair p : g.pairs(full)) {
          p.parameter().addi(p.gradient().mul(-eta)); // theta += (-eta) * grad, as step did
        }
        Activations b = fused.activations(8);
        fused.forward(x, b, Mode.TRAIN);
        Gradients h = fused.gradients();
        fused.backwardWithoutPenalty(x, b, h);
        fused.stepWithPenalty(h, lambda, eta);
      }
      List<Gradients.Pair> expected = full.gradients().pairs(full);
      List<Gradients.Pair> actual = fused.gradients().pairs(fused);
      for (int i = 0; i < expected.size(); i++) {
        // Arrays, not DoubleMatrix.equals, which allows a difference of 1e-6.
        assertArrayEquals(expected.get(i).parameter().data, actual.get(i).parameter().data,
            expected.get(i).name() + (bn ? " with BN" : " without BN"));
      }
    }
  }

  @Test
  void probabilitiesSumToOnePerColumn() {
    Network net = bnNetwork();
    Activations a = net.activations(5); // 4 dims x 5 examples
    net.forward(new DoubleInputBlock(Fixtures.gaussian(4, 5, 1)), a, Mode.TRAIN);
    DoubleMatrix colSums = a.probabilities().columnSums();
    for (int j = 0; j < 5; j++) {
      assertEquals(1.0, colSums.get(j), 1e-12); // rounding of 10 additions
    }
  }

  @Test
  void batchNormalisationGivesZeroMeanUnitVarianceInTraining() {
    Network net = bnNetwork();
    Activations a = net.activations(50);
    net.forward(new DoubleInputBlock(Fixtures.gaussian(4, 50, 2)), a, Mode.TRAIN);
    DoubleMatrix hat = a.normalised[0]; // 6 units x 50 examples
    DoubleMatrix mean = hat.rowMeans();
    for (int i = 0; i < 6; i++) {
      assertEquals(0.0, mean.get(i), 1e-12);
      double var = 0;
      for (int j = 0; j < 50; j++) {
        var += hat.get(i, j) * hat.get(i, j) / 50;
      }
      assertEquals(1.0, var, 1e-6); // eps 1e-10 against variances of order 1
    }
  }

  @Test
  void movingAveragesStartFromTheFirstBatchThenBlendWithAlpha() {
    Network net = bnNetwork();
    Activations a = net.activations(20);
    net.forward(new DoubleInputBlock(Fixtures.gaussian(4, 20, 3)), a, Mode.TRAIN);
    Layer layer = net.layers().get(0);
    DoubleMatrix firstMean = a.mean[0].dup();
    assertEquals(firstMean, layer.movingMean);
    net.forward(new DoubleInputBlock(Fixtures.gaussian(4, 20, 4)), a, Mode.TRAIN);
    DoubleMatrix expected = firstMean.mul(0.9).add(a.mean[0].mul(0.1));
    for (int i = 0; i < 6; i++) {
      assertEquals(expected.get(i), layer.movingMean.get(i), 1e-15);
    }
  }

  @Test
  void inferenceUsesTheMovingAveragesNotTheBatch() {
    Network net = bnNetwork();
    Activations a = net.activations(20);
    DoubleMatrix x = Fixtures.gaussian(4, 20, 3);
    net.forward(new DoubleInputBlock(x), a, Mode.TRAIN);
    net.layers().get(0).movingMean.addi(1.0);
    net.forward(new DoubleInputBlock(x), a, Mode.INFERENCE);
    assertEquals(net.layers().get(0).movingMean, a.mean[0]);
  }

  @Test
  void inferenceBeforeAnyTrainingStepIsAnError() {
    Network net = bnNetwork();
    Activations a = net.activations(3);
    assertThrows(IllegalStateException.class,
        () -> net.forward(new DoubleInputBlock(Fixtures.gaussian(4, 3, 1)), a, Mode.INFERENCE));
  }

  @Test
  void singleAndDoublePrecisionInputsAgreeToSinglePrecision() {
    Network net = bnNetwork();
    DoubleMatrix x = Fixtures.gaussian(4, 10, 9);
    FloatInputBlock f = new FloatInputBlock(4, 10);
    for (int i = 0; i < x.length; i++) {
      f.data()[i] = (float) x.data[i];
    }
    DoubleMatrix viaDouble = new DoubleMatrix(6, 10);
    DoubleMatrix viaFloat = new DoubleMatrix(6, 10);
    new DoubleInputBlock(x).multiply(net.layers().get(0).weights(), viaDouble);
    f.multiply(net.layers().get(0).weights(), viaFloat);
    // float has 24 bits: relative rounding ~6e-8 per term, a few terms of order 1.
    assertTrue(viaDouble.sub(viaFloat).normmax() < 1e-5);
  }

  /**
   * {@link Precision#SINGLE_ALL}: the layers above the first multiply in float. Their forward
   * pass and gradients agree with double to float's precision, and are not double's to the bit
   * (which they would be if the float route were not taken).
   */
  @Test
  void singleAllRunsTheUpperProductsInFloatAndAgreesToSinglePrecision() {
    NetworkConfig config = new NetworkConfig(List.of(6, 5), true, Initialisation.HE, 0.9, 1e-10);
    Network net = Network.initialise(config, 4, 10, new Random(5));
    DoubleInputBlock x = new DoubleInputBlock(Fixtures.gaussian(4, 8, 9)); // 4 x 8
    int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
    Activations doubles = net.activations(8, Precision.SINGLE);
    Activations floats = net.activations(8, Precision.SINGLE_ALL);
    Gradients gd = net.gradients();
    Gradients gf = net.gradients();
    for (Activations a : List.of(doubles, floats)) {
      System.arraycopy(labels, 0, a.labels(), 0, 8);
      net.forward(x, a, Mode.BATCH_STATISTICS);
    }
    net.backward(x, doubles, 0.01, gd);
    net.backward(x, floats, 0.01, gf);
    DoubleMatrix pd = doubles.probabilities();
    DoubleMatrix pf = floats.probabilities();
    // float has 24 bits: relative rounding ~6e-8 per term, sums of a few terms of order 1,
    // carried through batch normalisation, which divides by standard deviations of order 1.
    assertTrue(pd.sub(pf).normmax() < 1e-5, "probabilities " + pd.sub(pf).normmax());
    assertTrue(pd.sub(pf).normmax() > 0, "the upper layers did not multiply in float");
    for (int l = 0; l < 3; l++) {
      double diff = gd.w[l].sub(gf.w[l]).normmax();
      assertTrue(diff < 1e-5 * Math.max(1, gd.w[l].normmax()), "W" + (l + 1) + " " + diff);
    }
    assertTrue(gd.w[1].sub(gf.w[1]).normmax() > 0, "W2's gradient was not computed in float");
  }

  @Test
  void heInitialisationHasVarianceTwoOverFanIn() {
    Network net = Network.initialise(
        new NetworkConfig(List.of(200), false, Initialisation.HE, 0.9, 1e-10), 500, 10,
        new Random(11));
    DoubleMatrix w = net.layers().get(0).weights(); // 200 x 500
    double var = w.mul(w).mean();
    // 100,000 draws: the sample variance is within a few percent of 2 / 500.
    assertEquals(2.0 / 500, var, 0.05 * 2.0 / 500);
  }
}
