package org.bnsweep.data;

import com.typesafe.config.Config;

/**
 * Where CIFAR-10 lives and how the five training batches are split.
 *
 * @param dir folder holding data_batch_1.bin ... data_batch_5.bin and test_batch.bin
 * @param trainingSize images taken for training from the start of the training batches
 * @param validationSize images taken for validation from the end of the training batches
 * @param testSize images of test_batch.bin used for the test accuracy
 */
public record DataConfig(String dir, int trainingSize, int validationSize, int testSize)
    implements java.io.Serializable {

  public static final int TRAINING_POOL = 50_000;
  public static final int TEST_POOL = 10_000;

  public DataConfig {
    if (dir == null || dir.isBlank()) {
      throw new IllegalArgumentException("data.dir must name the CIFAR-10 folder, got an empty value");
    }
    if (trainingSize < 1) {
      throw new IllegalArgumentException("data.training-size must be >= 1, got " + trainingSize);
    }
    if (validationSize < 1) {
      throw new IllegalArgumentException("data.validation-size must be >= 1, got " + validationSize);
    }
    if (trainingSize + validationSize > TRAINING_POOL) {
      throw new IllegalArgumentException(
          "data.training-size + data.validation-size must be <= " + TRAINING_POOL + ", got "
              + trainingSize + " + " + validationSize + "; lower one of them");
    }
    if (testSize < 1 || testSize > TEST_POOL) {
      throw new IllegalArgumentException(
          "data.test-size must be in [1, " + TEST_POOL + "], got " + testSize);
    }
  }

  /** Reads {@code dir}, {@code training-size}, {@code validation-size}, {@code test-size}. */
  public static DataConfig fromConfig(Config c) {
    return new DataConfig(c.getString("dir"), c.getInt("training-size"),
        c.getInt("validation-size"), c.getInt("test-size"));
  }
}
