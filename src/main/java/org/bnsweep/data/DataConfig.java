package org.bnsweep.data;

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
    // The sizes are checked where they are declared (params.Hyperparameters); this guards the
    // reader against a split it cannot take.
    if (dir == null || dir.isBlank()) {
      throw new IllegalArgumentException("data.dir must name the CIFAR-10 folder, got an empty value");
    }
    if (trainingSize < 1 || validationSize < 1 || trainingSize + validationSize > TRAINING_POOL
        || testSize < 1 || testSize > TEST_POOL) {
      throw new IllegalArgumentException("data split " + trainingSize + " + " + validationSize
          + " + " + testSize + " does not fit CIFAR-10's " + TRAINING_POOL + " + " + TEST_POOL
          + " images");
    }
  }
}
