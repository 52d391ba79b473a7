package org.bnsweep.data;

/**
 * Per-dimension normalisation by the training set's mean and standard deviation, applied
 * unchanged to the validation and test sets so that no statistic leaks from them.
 */
public final class Normalisation {
  private final double[] mean;
  private final double[] std;

  private Normalisation(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** Mean and (population) standard deviation of every pixel dimension of {@code training}. */
  public static Normalisation fit(CifarBatch training) {
    int d = CifarBatch.DIM;
    int n = training.count();
    double[] sum = new double[d];
    double[] sumSq = new double[d];
    byte[] px = training.pixels();
    for (int i = 0; i < n; i++) {
      int base = i * d;
      for (int k = 0; k < d; k++) {
        double v = px[base + k] & 0xff;
        sum[k] += v;
        sumSq[k] += v * v;
      }
    }
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int k = 0; k < d; k++) {
      mean[k] = sum[k] / n;
      double var = Math.max(0, sumSq[k] / n - mean[k] * mean[k]);
      // A constant pixel would divide by zero; leave it centred but unscaled.
      std[k] = var > 0 ? Math.sqrt(var) : 1.0;
    }
    return new Normalisation(mean, std);
  }

  /** The images of {@code batch}, centred and scaled, in single precision. */
  public ImageSet apply(CifarBatch batch) {
    int d = CifarBatch.DIM;
    int n = batch.count();
    float[] out = new float[d * n];
    float[] scale = new float[d];
    float[] shift = new float[d];
    for (int k = 0; k < d; k++) {
      scale[k] = (float) (1.0 / std[k]);
      shift[k] = (float) (-mean[k] / std[k]);
    }
    byte[] px = batch.pixels();
    for (int i = 0; i < n; i++) {
      int base = i * d;
      for (int k = 0; k < d; k++) {
        out[base + k] = (px[base + k] & 0xff) * scale[k] + shift[k];
      }
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = batch.labels()[i];
    }
    return new ImageSet(d, out, labels);
  }
}
