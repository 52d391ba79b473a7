package org.bnsweep.nn;

import java.util.List;
import org.jblas.DoubleMatrix;

/**
 * Inputs held in single precision, multiplied with {@code sgemm}. The weights stay in double:
 * each product rounds a copy of them to float, and its result is widened back to double, so
 * only the first layer's two products run in single precision (twice the BLAS throughput and
 * half the memory traffic of double). The scratch buffers are sized on first use, for one weight
 * shape (one pack's stacked first layers), and reused.
 */
public final class FloatInputBlock implements InputBlock {
  private final int dim;
  private final int columns;
  private final float[] x;
  // Narrowed operands and products, forward [0] and backward [1], each of its own exact size:
  // where jblas computes the products (see Gemm), it copies whole arrays in and out of native
  // memory on every call, so a shared buffer sized for the larger would be copied every time.
  private final float[][] narrowed = {new float[0], new float[0]};
  private final float[][] products = {new float[0], new float[0]};
  /**
   * True for a training loop's block: the first layers' weight gradients stay in float
   * ({@code products[1]}) for {@link #stepFirstLayers}, which also narrows the stepped weights
   * for the next forward product, so that a training step passes over the m x 3,072 first-layer
   * weights once rather than three times (narrow, widen, step); its cost then no longer grows
   * with the width beyond that one pass.
   */
  private final boolean fusedSteps;
  /**
   * The weights whose float copy {@link #stepFirstLayers} left in narrowed[0], else null; the
   * next forward product uses that copy if it multiplies these same matrices, unchanged since
   * (see {@link #weightsChanged}).
   */
  private List<DoubleMatrix> narrowedFrom;
  /** The weight gradients a transposed product left in float for the step, else null. */
  private List<DoubleMatrix> pendingGradients;

  /** An empty block of {@code dim x columns}; fill it through {@link #data()}. */
  public FloatInputBlock(int dim, int columns) {
    this(dim, columns, false);
  }

  /**
   * As {@link #FloatInputBlock(int, int)}; with {@code fusedSteps}, a training loop's block:
   * after {@link #multiplyTransposed} the weight gradients are not written to their matrices
   * but kept for {@link #stepFirstLayers}, which the loop must call instead of stepping the
   * first layers itself.
   */
  public FloatInputBlock(int dim, int columns, boolean fusedSteps) {
    this.dim = dim;
    this.columns = columns;
    this.x = new float[dim * columns];
    this.fusedSteps = fusedSteps;
  }

  /** The column-major backing array, which batch gathering writes into. */
  public float[] data() {
    return x;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public void product(boolean transposed, List<DoubleMatrix> as, List<DoubleMatrix> outs) {
    int inner = transposed ? columns : dim;
    int outer = transposed ? dim : columns;
    int m = InputBlock.stackedRows(as, inner, transposed);
    int i = transposed ? 1 : 0;
    boolean current = !transposed && narrowed[0].length == m * inner && sameMatrices(as);
    narrowedFrom = null;
    if (!current) {
      narrowed[i] = exactly(narrowed[i], m * inner);
      StackedRows.narrow(as, m, inner, narrowed[i]);
    }
    products[i] = exactly(products[i], m * outer);
    Gemm.sgemm(false, transposed, m, outer, inner, 1f, narrowed[i], m, x, dim, 0f, products[i],
        m);
    if (transposed && fusedSteps) {
      pendingGradients = List.copyOf(outs);
    } else {
      StackedRows.widen(products[i], m, outer, outs);
    }
  }

  /**
   * Forgets the float copy of the weights the last {@link #stepFirstLayers} left: to be called
   * when they change otherwise before the next product (a restore from a checkpoint), since
   * that copy is trusted to be theirs until then.
   */
  public void weightsChanged() {
    narrowedFrom = null;
  }

  /** True if {@code as} are, in order, the weights that the last step narrowed. */
  private boolean sameMatrices(List<DoubleMatrix> as) {
    if (narrowedFrom == null || narrowedFrom.size() != as.size()) {
      return false;
    }
    for (int k = 0; k < as.size(); k++) {
      if (narrowedFrom.get(k) != as.get(k)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean stepFirstLayers(List<DoubleMatrix> ws, double[] twoLambdas,
      double[] minusEtas) {
    if (!fusedSteps) {
      return false;
    }
    if (pendingGradients == null || pendingGradients.size() != ws.size()) {
      throw new IllegalStateException("a fused first-layer step needs the weight gradients of"
          + " a transposed product over the same first layers just before it");
    }
    int rows = InputBlock.stackedRows(ws, dim, false);
    narrowed[0] = exactly(narrowed[0], rows * dim);
    float[] grad = products[1];
    float[] into = narrowed[0];
    int top = 0;
    for (int k = 0; k < ws.size(); k++) {
      double[] w = ws.get(k).data;
      int r = ws.get(k).rows;
      double twoLambda = twoLambdas[k];
      double minusEta = minusEtas[k];
      for (int j = 0; j < dim; j++) {
        int from = j * r;
        int stacked = j * rows + top;
        for (int i = 0; i < r; i++) {
          // Network.penalisedStep's arithmetic on the widened gradient, to the bit.
          double penalised = (double) grad[stacked + i] + twoLambda * w[from + i];
          double stepped = w[from + i] + minusEta * penalised;
          w[from + i] = stepped;
          into[stacked + i] = (float) stepped;
        }
      }
      top += r;
    }
    pendingGradients = null;
    narrowedFrom = List.copyOf(ws);
    return true;
  }

  /** {@code buffer} if it has {@code length} elements, else a new array of that length. */
  private static float[] exactly(float[] buffer, int length) {
    return buffer.length == length ? buffer : new float[length];
  }
}
