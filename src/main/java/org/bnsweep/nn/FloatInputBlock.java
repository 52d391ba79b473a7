package org.bnsweep.nn;

import org.jblas.DoubleMatrix;

/**
 * Inputs held in single precision, multiplied with {@code sgemm}. The weights stay in double:
 * each product rounds a copy of them to float, and its result is widened back to double, so
 * only the first layer's two products run in single precision (twice the BLAS throughput and
 * half the memory traffic of double). The scratch buffers are sized on first use, for one weight
 * shape, and reused.
 */
public final class FloatInputBlock implements InputBlock {
  /** 1 MB and 256 KB of float gradient: see {@link #stepColumns}. */
  private static final int WHOLE_GRADIENT_FLOATS = 262_144;
  private static final int GRADIENT_BLOCK_FLOATS = 65_536;

  private final int dim;
  private final int columns;
  /** Floats from one column's start to the next's: see {@link #strideFor}. */
  private final int stride;
  private final float[] x;
  // Narrowed operands and products, forward [0] and backward [1], each of its own exact size:
  // where jblas computes the products (see Gemm), it copies whole arrays in and out of native
  // memory on every call, so a shared buffer sized for the larger would be copied every time.
  private final float[][] narrowed = {new float[0], new float[0]};
  private final float[][] products = {new float[0], new float[0]};
  /**
   * True for a training loop's block: the transposed product only keeps the score gradient in
   * float ({@code narrowed[1]}), and {@link #stepFirstLayer} computes the weight gradient from it
   * a block of columns at a time ({@code products[1]}, see {@link #stepColumns}), steps each
   * block and narrows the stepped weights for the next forward product, so that a training step
   * passes over the m x 3,072 first-layer weights once rather than three times (narrow, widen,
   * step); its cost then no longer grows with the width beyond that one pass.
   */
  private final boolean fusedSteps;
  /**
   * The weights whose float copy {@link #stepFirstLayer} left in narrowed[0], else null; the
   * next forward product uses that copy if it multiplies this same matrix, unchanged since (see
   * {@link #weightsChanged}).
   */
  private DoubleMatrix narrowedFrom;
  /**
   * True from a transposed product until the step that multiplies its score gradient (left in
   * narrowed[1]) with this block's inputs, which must not change in between.
   */
  private boolean gradientPending;

  /** An empty block of {@code dim x columns}; fill it through {@link #data()}. */
  public FloatInputBlock(int dim, int columns) {
    this(dim, columns, false);
  }

  /**
   * As {@link #FloatInputBlock(int, int)}; with {@code fusedSteps}, a training loop's block:
   * {@link #multiplyTransposed} writes no weight gradient but leaves its score gradient for
   * {@link #stepFirstLayer}, which computes the weight gradient and steps the first layer with
   * it; the loop must call it instead of stepping the first layer itself.
   */
  public FloatInputBlock(int dim, int columns, boolean fusedSteps) {
    this.dim = dim;
    this.columns = columns;
    this.stride = strideFor(dim);
    this.x = new float[stride * columns];
    this.fusedSteps = fusedSteps;
  }

  /**
   * The column-major backing array, which batch gathering writes into: column {@code j} at
   * {@code j * stride()}; the floats between a column's end and the next one's start are unused.
   */
  public float[] data() {
    return x;
  }

  /** Floats from the start of one column of {@link #data()} to the start of the next. */
  public int stride() {
    return stride;
  }

  /**
   * {@code dim}, or {@code dim} plus one 64-byte cache line when the columns would otherwise
   * start a multiple of 128 bytes apart. The backward product reads a few floats of every column
   * in turn (OpenBLAS packs the transposed input that way); with CIFAR-10's 3,072 floats (12 KB)
   * per column, all 100 columns of a batch fell into the same set of the L1 cache and evicted
   * each other: that product took 10% longer than with one line of padding. An odd number of
   * cache lines per column spreads them over every set. Only the layout changes, not the
   * arithmetic: the products are the same to the bit.
   */
  static int strideFor(int dim) {
    int line = 16;
    return dim % (2 * line) == 0 ? dim + line : dim;
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
  public void product(boolean transposed, DoubleMatrix a, DoubleMatrix out) {
    int inner = transposed ? columns : dim;
    int outer = transposed ? dim : columns;
    checkColumns(a, inner, transposed);
    int m = a.rows;
    int i = transposed ? 1 : 0;
    boolean current = !transposed && narrowed[0].length == m * inner && narrowedFrom == a;
    narrowedFrom = null;
    if (!current) {
      narrowed[i] = exactly(narrowed[i], m * inner);
      FloatProducts.narrow(a.data, narrowed[i]);
    }
    if (transposed && fusedSteps) {
      // The product is left to stepFirstLayer, which computes it a block at a time.
      gradientPending = true;
      return;
    }
    products[i] = exactly(products[i], m * outer);
    Gemm.sgemm(false, transposed, m, outer, inner, 1f, narrowed[i], m, x, stride, 0f,
        products[i], m);
    FloatProducts.widen(products[i], out.data);
  }

  /**
   * Forgets the float copy of the weights the last {@link #stepFirstLayer} left: to be called
   * when they change otherwise before the next product (a restore from a checkpoint), since
   * that copy is trusted to be theirs until then.
   */
  public void weightsChanged() {
    narrowedFrom = null;
  }

  @Override
  public boolean stepFirstLayer(DoubleMatrix w, double twoLambda, double minusEta) {
    if (!fusedSteps) {
      return false;
    }
    if (!gradientPending) {
      throw new IllegalStateException("a fused first-layer step needs the weight gradient of"
          + " a transposed product over the same first layer just before it");
    }
    checkColumns(w, dim, false);
    int m = w.rows;
    if (narrowed[1].length != m * columns) {
      throw new IllegalArgumentException("the first layer's weight matrix has " + m + " rows"
          + " where the score gradient of the transposed product before it had "
          + narrowed[1].length / columns);
    }
    narrowed[0] = exactly(narrowed[0], w.length);
    int block = stepColumns(m, dim);
    products[1] = exactly(products[1], m * Math.min(block, dim));
    FirstLayerStep step = FirstLayerSteps.chosen();
    for (int from = 0; from < dim; from += block) {
      int n = Math.min(block, dim - from);
      // Columns [from, from + n) of the weight gradient, G X^T: the rows from..from+n of X.
      Gemm.sgemm(false, true, m, n, columns, 1f, narrowed[1], m, x, from, stride, 0f,
          products[1], m);
      step.step(products[1], w.data, narrowed[0], from * m, (from + n) * m, twoLambda, minusEta);
    }
    gradientPending = false;
    narrowedFrom = w;
    return true;
  }

  /**
   * The columns of the first layer's weight gradient that {@link #stepFirstLayer} computes and
   * steps at a time, for {@code m} units and {@code dim} inputs. All of them while the whole
   * gradient fits in 1 MB, as for the default network's 50 units (600 KB; there, blocks only
   * cost more calls: its epoch took 1.005 times as long in blocks of 1,152). Else as many as
   * keep a block's gradient within 256 KB, so that the step reads it from the L2 cache rather
   * than memory (the whole of it is 6 MB for 500 units; [500, 250, 100, 50]'s epoch 0.98 of the
   * unblocked one's, docs/performance.md), in a multiple of 192, and at least 192. OpenBLAS's
   * Haswell {@code sgemm} gives other bits for a block whose column count is not a multiple of
   * 12 (its SkylakeX and Prescott kernels for any block, as measured; {@code
   * BlockedProductTest}); 192 = 12 x 16 leaves room for kernels that group more columns.
   */
  static int stepColumns(int m, int dim) {
    if ((long) m * dim <= WHOLE_GRADIENT_FLOATS) {
      return dim;
    }
    int unit = 192;
    return Math.max(unit, GRADIENT_BLOCK_FLOATS / m / unit * unit);
  }

  /** Checks that {@code a} has the {@code columns} the product sums over. */
  private static void checkColumns(DoubleMatrix a, int columns, boolean transposed) {
    if (a.columns != columns) {
      throw new IllegalArgumentException((transposed ? "the first layer's score gradient"
          : "the first layer's weight matrix") + " has " + a.columns + " columns where the"
          + " product needs " + columns);
    }
  }

  /** {@code buffer} if it has {@code length} elements, else a new array of that length. */
  private static float[] exactly(float[] buffer, int length) {
    return buffer.length == length ? buffer : new float[length];
  }
}
