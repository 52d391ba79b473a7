package org.bnsweep.nn;

import java.util.ArrayList;
import java.util.List;
import org.jblas.DoubleMatrix;

/** Gradients of the cost with respect to every parameter, shaped like the network's. */
public final class Gradients {
  final DoubleMatrix[] w;
  final DoubleMatrix[] b;
  final DoubleMatrix[] gamma;
  final DoubleMatrix[] beta;

  Gradients(Network net) {
    int layers = net.layers().size();
    w = new DoubleMatrix[layers];
    b = new DoubleMatrix[layers];
    gamma = new DoubleMatrix[layers];
    beta = new DoubleMatrix[layers];
    for (int l = 0; l < layers; l++) {
      Layer layer = net.layers().get(l);
      w[l] = new DoubleMatrix(layer.outputs(), layer.inputs());
      if (layer.batchNorm()) {
        gamma[l] = new DoubleMatrix(layer.outputs());
        beta[l] = new DoubleMatrix(layer.outputs());
      } else {
        b[l] = new DoubleMatrix(layer.outputs());
      }
    }
  }

  /** A named parameter and its gradient, for checks and reports. */
  public record Pair(String name, DoubleMatrix parameter, DoubleMatrix gradient) {}

  /**
   * Every parameter with its gradient, named {@code W1, b1, gamma1, beta1, ...} with layers
   * counted from 1.
   */
  public List<Pair> pairs(Network net) {
    List<Pair> pairs = new ArrayList<>();
    for (int l = 0; l < w.length; l++) {
      Layer layer = net.layers().get(l);
      int k = l + 1;
      pairs.add(new Pair("W" + k, layer.w, w[l]));
      if (layer.batchNorm()) {
        pairs.add(new Pair("gamma" + k, layer.gamma, gamma[l]));
        pairs.add(new Pair("beta" + k, layer.beta, beta[l]));
      } else {
        pairs.add(new Pair("b" + k, layer.b, b[l]));
      }
    }
    return pairs;
  }
}
