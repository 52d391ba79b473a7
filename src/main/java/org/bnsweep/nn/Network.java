package org.bnsweep.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jblas.DoubleMatrix;

/**
 * A k-layer fully connected network: hidden layers {@code s = W x (+ b)}, optionally batch
 * normalised and then scaled and shifted, then ReLU; a softmax output layer; cross-entropy loss
 * plus {@code lambda * sum ||W||^2} (biases, gamma and beta are not penalised). Columns are
 * examples. Forward and backward passes write into an {@link Activations} and a
 * {@link Gradients} made once, so a training step allocates nothing.
 */
public final class Network {
  private final NetworkConfig config;
  private final List<Layer> layers;
  private boolean movingAveragesStarted;

  private Network(NetworkConfig config, List<Layer> layers) {
    this.config = config;
    this.layers = List.copyOf(layers);
  }

  /** A freshly initialised network for {@code inputDim}-dimensional inputs. */
  public static Network initialise(NetworkConfig config, int inputDim, int classes, Random rng) {
    List<Layer> layers = new ArrayList<>();
    int in = inputDim;
    for (int width : config.hidden()) {
      layers.add(Layer.initialise(width, in, config.init().stdFor(in), config.batchNorm(), rng));
      in = width;
    }
    layers.add(Layer.initialise(classes, in, config.init().stdFor(in), false, rng));
    return new Network(config, layers);
  }

  public List<Layer> layers() {
    return layers;
  }

  public int classes() {
    return layers.get(layers.size() - 1).outputs();
  }

  /** A copy of every parameter and moving average, for a checkpoint. */
  public NetworkState state() {
    List<double[][]> arrays = new ArrayList<>();
    for (Layer layer : layers) {
      arrays.add(layer.arrays().stream().map(m -> m.data.clone()).toArray(double[][]::new));
    }
    return new NetworkState(arrays, movingAveragesStarted);
  }

  /**
   * Puts the numbers of {@code state} back into this network, which must have the same shape
   * (the same config and input size); mutates this.
   */
  public void restore(NetworkState state) {
    if (state.layers().size() != layers.size()) {
      throw new IllegalArgumentException("a checkpoint of " + state.layers().size()
          + " layers cannot be restored into a network of " + layers.size());
    }
    for (int l = 0; l < layers.size(); l++) {
      List<DoubleMatrix> into = layers.get(l).arrays();
      double[][] from = state.layers().get(l);
      if (from.length != into.size()) {
        throw new IllegalArgumentException("layer " + (l + 1) + " of the checkpoint has "
            + from.length + " arrays, the network's " + into.size());
      }
      for (int i = 0; i < from.length; i++) {
        if (from[i].length != into.get(i).data.length) {
          throw new IllegalArgumentException("layer " + (l + 1) + " of the checkpoint has an"
              + " array of " + from[i].length + " numbers where the network has "
              + into.get(i).data.length);
        }
        System.arraycopy(from[i], 0, into.get(i).data, 0, from[i].length);
      }
    }
    movingAveragesStarted = state.movingAveragesStarted();
  }

  /** Buffers for passes over {@code columns} examples at a time, every product in double. */
  public Activations activations(int columns) {
    return new Activations(this, columns, false);
  }

  /**
   * Buffers for passes over {@code columns} examples at a time whose products above the first
   * layer run in the precision {@code precision} asks (the first layer's follows the {@link
   * InputBlock} a pass is given).
   */
  public Activations activations(int columns, Precision precision) {
    return new Activations(this, columns, precision.floatUpperLayers());
  }

  public Gradients gradients() {
    return new Gradients(this);
  }

  /**
   * Forward pass over {@code x}, leaving probabilities in {@code a.probabilities()}. In
   * {@link Mode#TRAIN} the moving averages are updated (started from the first batch's
   * statistics); {@link Mode#INFERENCE} uses them. Mutates {@code a}, and the network in TRAIN.
   */
  public void forward(InputBlock x, Activations a, Mode mode) {
    checkForward(x, a, mode);
    x.multiply(layers.get(0).w, a.scores[0]);
    forwardFromFirstScores(a, mode);
  }

  private void checkForward(InputBlock x, Activations a, Mode mode) {
    if (x.columns() != a.columns) {
      throw new IllegalArgumentException(
          "input has " + x.columns() + " columns but the activations " + a.columns);
    }
    if (mode == Mode.INFERENCE && config.batchNorm() && !movingAveragesStarted) {
      throw new IllegalStateException(
          "a batch-normalised network has no moving averages before its first training step");
    }
  }

  /** The forward pass once the first layer's product {@code W x} is in {@code a.scores[0]}. */
  private void forwardFromFirstScores(Activations a, Mode mode) {
    int last = layers.size() - 1;
    for (int l = 0; l <= last; l++) {
      Layer layer = layers.get(l);
      DoubleMatrix s = a.scores[l];
      if (l > 0 && a.floats != null) {
        a.floats.forward(l, layer.w, a.outputs[l - 1], s);
      } else if (l > 0) {
        Gemm.gemm(false, false, 1.0, layer.w, a.outputs[l - 1], 0.0, s);
      }
      if (layer.b != null) {
        addColumnVector(s, layer.b);
      }
      if (l == last) {
        softmax(s, a.outputs[l]);
      } else {
        if (layer.batchNorm()) {
          normalise(layer, mode, a, l);
        } else {
          relu(s, a.outputs[l]);
        }
        if (a.keep != null && mode != Mode.INFERENCE) {
          multiplyElements(a.outputs[l], a.keep[l]);
        }
      }
    }
    if (mode == Mode.TRAIN) {
      movingAveragesStarted = true;
    }
  }

  private void normalise(Layer layer, Mode mode, Activations a, int l) {
    DoubleMatrix mean = a.mean[l];
    DoubleMatrix var = a.var[l];
    if (mode == Mode.INFERENCE) {
      mean.copy(layer.movingMean);
      var.copy(layer.movingVar);
    } else {
      BatchNorm.batchStatistics(a.scores[l], mean, var);
      if (mode == Mode.TRAIN) {
        if (movingAveragesStarted) {
          BatchNorm.updateMovingAverage(layer.movingMean, mean, config.bnAlpha());
          BatchNorm.updateMovingAverage(layer.movingVar, var, config.bnAlpha());
        } else {
          layer.movingMean.copy(mean);
          layer.movingVar.copy(var);
        }
      }
    }
    BatchNorm.inverseStd(var, config.bnEpsilon(), a.invStd[l]);
    BatchNorm.normaliseScaleShiftRelu(a.scores[l], mean, a.invStd[l], layer.gamma, layer.beta,
        a.normalised[l], a.outputs[l]);
  }

  /**
   * Backward pass after a {@link Mode#TRAIN} or {@link Mode#BATCH_STATISTICS} forward pass
   * over the same {@code x} and {@code a}: writes the gradient of the cost (mean cross-entropy
   * over the columns plus {@code lambda * sum ||W||^2}) into {@code g}. Mutates a and g.
   */
  public void backward(InputBlock x, Activations a, double lambda, Gradients g) {
    backwardWithoutPenalty(x, a, g);
    for (int l = 0; l < layers.size(); l++) {
      addScaled(g.w[l], 2 * lambda, layers.get(l).w);
    }
  }

  /**
   * As {@link #backward}, but the weight gradients hold the data term alone, without the
   * penalty's {@code 2 lambda W}: {@link #stepWithPenalty} adds it in the same pass over the
   * weights as the step, which saves the training loop one pass over every weight matrix per
   * update. Mutates a and g.
   */
  public void backwardWithoutPenalty(InputBlock x, Activations a, Gradients g) {
    backwardToFirstScores(a, g);
    x.multiplyTransposed(a.scoreGrads[0], g.w[0]);
    Layer first = layers.get(0);
    if (first.b != null) {
      BatchSums.rowSums(a.scoreGrads[0], g.b[0]);
    }
  }

  /**
   * The backward pass down to the gradient of the first layer's scores, {@code a.scoreGrads[0]};
   * every gradient but the first layer's is written into {@code g}, weights without the penalty.
   */
  private void backwardToFirstScores(Activations a, Gradients g) {
    int last = layers.size() - 1;
    int n = a.columns;
    // d loss / d scores of the softmax layer: (P - Y) / n.
    DoubleMatrix grad = a.scoreGrads[last];
    double[] p = a.outputs[last].data;
    double[] gd = grad.data;
    int k = classes();
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < k; i++) {
        gd[j * k + i] = p[j * k + i] / n;
      }
      gd[j * k + a.labels[j]] -= 1.0 / n;
    }
    for (int l = last; l >= 1; l--) {
      Layer layer = layers.get(l);
      grad = a.scoreGrads[l];
      // Into the hidden layer below: through W, then the ReLU, then batch normalisation.
      DoubleMatrix below = a.scoreGrads[l - 1];
      if (a.floats != null) {
        a.floats.backward(l, layer.w, grad, g.w[l], below);
      } else {
        Gemm.gemm(false, true, 1.0, grad, a.outputs[l - 1], 0.0, g.w[l]);
        Gemm.gemm(true, false, 1.0, layer.w, grad, 0.0, below);
      }
      if (layer.b != null) {
        BatchSums.rowSums(grad, g.b[l]);
      }
      if (a.keep != null) {
        // Through the dropout mask; a dropped unit's output is 0, so reluMask zeroes it too.
        multiplyElements(below, a.keep[l - 1]);
      }
      reluMask(below, a.outputs[l - 1]);
      Layer prev = layers.get(l - 1);
      if (prev.batchNorm()) {
        BatchNorm.backward(below, a.normalised[l - 1], a.invStd[l - 1], prev.gamma,
            g.gamma[l - 1], g.beta[l - 1]);
      }
    }
  }

  /**
   * One gradient-descent step on every parameter after {@link #backwardWithoutPenalty}:
   * {@code W -= eta * (grad + 2 lambda W)}, {@code theta -= eta * grad} for the others. The same
   * arithmetic, to the bit, as {@link #backward} followed by a plain step; mutates this.
   */
  public void stepWithPenalty(Gradients g, double lambda, double eta) {
    step(g, lambda, eta, false);
  }

  /**
   * {@link #stepWithPenalty(Gradients, double, double)} after {@link #backwardWithoutPenalty}
   * over {@code x}: the first layer through {@link InputBlock#stepFirstLayer} where the block
   * keeps its gradient, the rest here; the same arithmetic, to the bit. Mutates this.
   */
  public void stepWithPenalty(InputBlock x, Gradients g, double lambda, double eta) {
    boolean firstDone = x.stepFirstLayer(layers.get(0).w, 2 * lambda, -eta);
    step(g, lambda, eta, firstDone);
  }

  private void step(Gradients g, double lambda, double eta, boolean firstWeightsDone) {
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      if (l > 0 || !firstWeightsDone) {
        penalisedStep(layer.w.data, g.w[l].data, 2 * lambda, -eta);
      }
      if (layer.b != null) {
        addScaled(layer.b, -eta, g.b[l]);
      } else {
        addScaled(layer.gamma, -eta, g.gamma[l]);
        addScaled(layer.beta, -eta, g.beta[l]);
      }
    }
  }

  /** {@code w += minusEta * (grad + twoLambda * w)}, element by element; mutates w. */
  private static void penalisedStep(double[] w, double[] grad, double twoLambda,
      double minusEta) {
    for (int i = 0; i < w.length; i++) {
      double penalised = grad[i] + twoLambda * w[i];
      w[i] += minusEta * penalised;
    }
  }

  /** Mean cross-entropy of the last forward pass over {@code a}'s columns. */
  public static double loss(Activations a) {
    return lossSum(a) / a.columns;
  }

  /** Sum over columns of {@code -log p(label)} of the last forward pass. */
  public static double lossSum(Activations a) {
    DoubleMatrix p = a.probabilities();
    double sum = 0;
    for (int j = 0; j < a.columns; j++) {
      sum -= Math.log(p.data[j * p.rows + a.labels[j]]);
    }
    return sum;
  }

  /** Columns whose most probable class is their label, in the last forward pass. */
  public static int correct(Activations a) {
    DoubleMatrix p = a.probabilities();
    int k = p.rows;
    int right = 0;
    for (int j = 0; j < a.columns; j++) {
      int best = 0;
      for (int i = 1; i < k; i++) {
        if (p.data[j * k + i] > p.data[j * k + best]) {
          best = i;
        }
      }
      if (best == a.labels[j]) {
        right++;
      }
    }
    return right;
  }

  /** {@code sum ||W||^2} over all layers: the penalty that lambda multiplies. */
  public double squaredWeights() {
    double sum = 0;
    for (Layer layer : layers) {
      for (double v : layer.w.data) {
        sum += v * v;
      }
    }
    return sum;
  }

  /** Number of floating-point operations in the matrix products of one training step. */
  public long stepFlops(int columns) {
    long flops = 0;
    for (int l = 0; l < layers.size(); l++) {
      long mk = (long) layers.get(l).outputs() * layers.get(l).inputs();
      // forward W x and backward G x^T; layers above the first also pass W^T G down.
      flops += 2 * mk * columns * (l == 0 ? 2 : 3);
    }
    return flops;
  }

  private static void addColumnVector(DoubleMatrix s, DoubleMatrix b) {
    int m = s.rows;
    for (int j = 0; j < s.columns; j++) {
      for (int i = 0; i < m; i++) {
        s.data[j * m + i] += b.data[i];
      }
    }
  }

  private static void relu(DoubleMatrix s, DoubleMatrix out) {
    for (int i = 0; i < s.length; i++) {
      out.data[i] = Relu.of(s.data[i]);
    }
  }

  /** {@code m *= factors}, element by element; mutates m. */
  private static void multiplyElements(DoubleMatrix m, double[] factors) {
    for (int i = 0; i < m.length; i++) {
      m.data[i] *= factors[i];
    }
  }

  /** Zeroes the gradient where the ReLU output was zero; mutates grad. */
  private static void reluMask(DoubleMatrix grad, DoubleMatrix out) {
    for (int i = 0; i < grad.length; i++) {
      grad.data[i] = Relu.masked(grad.data[i], out.data[i]);
    }
  }

  /** Column-wise softmax, shifted by the column maximum so that exp cannot overflow. */
  private static void softmax(DoubleMatrix s, DoubleMatrix out) {
    int k = s.rows;
    for (int j = 0; j < s.columns; j++) {
      int col = j * k;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        max = Math.max(max, s.data[col + i]);
      }
      double sum = 0;
      for (int i = 0; i < k; i++) {
        double e = Math.exp(s.data[col + i] - max);
        out.data[col + i] = e;
        sum += e;
      }
      for (int i = 0; i < k; i++) {
        out.data[col + i] /= sum;
      }
    }
  }

  /** {@code into += alpha * x}; mutates into. */
  private static void addScaled(DoubleMatrix into, double alpha, DoubleMatrix x) {
    for (int i = 0; i < into.length; i++) {
      into.data[i] += alpha * x.data[i];
    }
  }
}
