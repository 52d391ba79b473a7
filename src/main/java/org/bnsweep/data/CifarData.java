package org.bnsweep.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training, validation and test sets, normalised by the training set's statistics.
 * Validation images come from the end of the five training batches, so a smaller training set
 * never overlaps them.
 */
public record CifarData(ImageSet training, ImageSet validation, ImageSet test) {

  public static final List<String> TRAINING_FILES = List.of(
      "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
      "data_batch_5.bin");
  public static final String TEST_FILE = "test_batch.bin";

  /** Reads, validates, splits and normalises the data set of {@code config}. */
  public static CifarData load(DataConfig config) {
    return fromFiles(readFiles(config), config);
  }

  /**
   * The raw bytes of the six batch files, keyed by file name; what a Spark driver ships to
   * executors that share no disk with it.
   */
  public static Map<String, byte[]> readFiles(DataConfig config) {
    Path dir = Path.of(config.dir());
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "CIFAR-10 folder " + dir.toAbsolutePath() + " does not exist; run data/fetch-cifar10.sh"
              + " or set bnsweep.data.dir to the folder that holds the .bin batches");
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : allFiles()) {
      Path file = dir.resolve(name);
      try {
        files.put(name, CifarBatch.readBytes(file));
      } catch (java.nio.file.NoSuchFileException e) {
        throw new IllegalArgumentException(
            "CIFAR-10 batch file " + file + " does not exist; run data/fetch-cifar10.sh");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Cannot read " + file + ": " + e, e);
      }
    }
    return files;
  }

  /** Decodes, validates, splits and normalises batch files given as bytes (see {@link #readFiles}). */
  public static CifarData fromFiles(Map<String, byte[]> files, DataConfig config) {
    return CifarSplit.of(files, config).normalise();
  }

  /**
   * Checks batch files given as bytes, and that they hold enough images for {@code config},
   * without decoding them: what a Spark driver does before it ships them.
   */
  public static void validate(Map<String, byte[]> files, DataConfig config) {
    int pool = 0;
    for (String name : TRAINING_FILES) {
      pool += CifarBatch.validate(name, require(files, name));
    }
    if (config.trainingSize() + config.validationSize() > pool) {
      throw new IllegalArgumentException("data.training-size + data.validation-size = "
          + (config.trainingSize() + config.validationSize()) + " but the training batches"
          + " hold only " + pool + " images");
    }
    int test = CifarBatch.validate(TEST_FILE, require(files, TEST_FILE));
    if (config.testSize() > test) {
      throw new IllegalArgumentException("data.test-size is " + config.testSize()
          + " but " + TEST_FILE + " holds only " + test + " images");
    }
  }

  private static byte[] require(Map<String, byte[]> files, String name) {
    byte[] bytes = files.get(name);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "CIFAR-10 batch file " + name + " is missing; run data/fetch-cifar10.sh");
    }
    return bytes;
  }

  public static List<String> allFiles() {
    List<String> all = new ArrayList<>(TRAINING_FILES);
    all.add(TEST_FILE);
    return all;
  }
}
