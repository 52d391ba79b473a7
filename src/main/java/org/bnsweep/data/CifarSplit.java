package org.bnsweep.data;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The raw images of a split, before normalisation: what a Spark driver ships to executors. It
 * holds just the images the split uses (all 60,000 for the default split, a few thousand for a
 * quick one), as bytes, a quarter of their size once normalised in single precision.
 */
public record CifarSplit(CifarBatch training, CifarBatch validation, CifarBatch test)
    implements Serializable {

  /**
   * Checks the batch files and copies out the images of {@code config}'s split: training from
   * the start of the five training batches, validation from their end, test from the start of
   * the test batch.
   */
  public static CifarSplit of(Map<String, byte[]> files, DataConfig config) {
    CifarData.validate(files, config);
    List<byte[]> pool = CifarData.TRAINING_FILES.stream().map(files::get).toList();
    int poolSize = pool.stream().mapToInt(b -> b.length / CifarBatch.RECORD_BYTES).sum();
    return new CifarSplit(
        records(pool, 0, config.trainingSize()),
        records(pool, poolSize - config.validationSize(), config.validationSize()),
        records(List.of(files.get(CifarData.TEST_FILE)), 0, config.testSize()));
  }

  /** Records {@code [from, from + count)} of the concatenation of {@code files}. */
  private static CifarBatch records(List<byte[]> files, int from, int count) {
    byte[] pixels = new byte[count * CifarBatch.DIM];
    byte[] labels = new byte[count];
    int index = 0;
    int copied = 0;
    for (byte[] file : files) {
      int n = file.length / CifarBatch.RECORD_BYTES;
      for (int i = 0; i < n && copied < count; i++, index++) {
        if (index >= from) {
          int at = i * CifarBatch.RECORD_BYTES;
          labels[copied] = file[at];
          System.arraycopy(file, at + 1, pixels, copied * CifarBatch.DIM, CifarBatch.DIM);
          copied++;
        }
      }
    }
    return new CifarBatch(pixels, labels);
  }

  /** Normalises all three sets by the training set's per-dimension mean and std. */
  public CifarData normalise() {
    Normalisation norm = Normalisation.fit(training);
    return new CifarData(norm.apply(training), norm.apply(validation), norm.apply(test));
  }
}
