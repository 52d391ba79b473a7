package org.bnsweep.train;

import org.bnsweep.data.Augmentation;
import org.bnsweep.data.ImageSet;
import org.bnsweep.nn.DoubleInputBlock;
import org.bnsweep.nn.FloatInputBlock;
import org.bnsweep.nn.InputBlock;
import org.bnsweep.nn.Precision;
import org.jblas.DoubleMatrix;

/**
 * A reusable block of {@code columns} examples that mini-batches and evaluation chunks are
 * copied into, in the precision the trial's first layer computes in.
 */
final class InputBuffer {
  private final FloatInputBlock single;
  private final DoubleInputBlock twin;
  private final float[] staging;
  /** One image, for augmentation; made on first use. */
  private float[] scratch;

  InputBuffer(int dim, int columns, Precision precision) {
    this(dim, columns, precision, false);
  }

  /**
   * @param training true for a training loop's buffer, whose single-precision block steps the
   *     first layers itself (see {@link FloatInputBlock#stepFirstLayer})
   */
  InputBuffer(int dim, int columns, Precision precision, boolean training) {
    single = new FloatInputBlock(dim, columns, training && precision.floatInputs());
    twin = precision == Precision.DOUBLE
        ? new DoubleInputBlock(new DoubleMatrix(dim, columns)) : null;
    staging = single.data();
  }

  /** Says that the first layers' weights changed outside the training step (a restore). */
  void weightsChanged() {
    single.weightsChanged();
  }

  InputBlock block() {
    return twin != null ? twin : single;
  }

  /**
   * Loads the examples {@code order[from .. from+columns)} augmented as drawn for {@code epoch}
   * from {@code seed} (see {@link Augmentation#apply}); mutates labels.
   */
  void gather(ImageSet set, int[] order, int from, int[] labels, Augmentation augmentation,
      long seed, int epoch) {
    set.gather(order, from, single.columns(), staging, single.stride(), labels);
    if (augmentation.enabled()) {
      if (scratch == null) {
        scratch = new float[set.dim()];
      }
      augmentation.apply(staging, single.columns(), single.stride(), order, from, seed, epoch,
          scratch);
    }
    widenIfDouble();
  }

  /** Loads the contiguous examples {@code [from, from+columns)}; mutates labels. */
  void copyRange(ImageSet set, int from, int[] labels) {
    set.copyRange(from, single.columns(), staging, single.stride(), labels);
    widenIfDouble();
  }

  private void widenIfDouble() {
    if (twin != null) {
      double[] d = twin.matrix().data;
      int dim = single.dim();
      int stride = single.stride();
      for (int j = 0; j < single.columns(); j++) {
        for (int i = 0; i < dim; i++) {
          d[j * dim + i] = staging[j * stride + i];
        }
      }
    }
  }
}
