package org.bnsweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.DataConfig;
import org.bnsweep.data.ImageSet;
import org.jblas.DoubleMatrix;

/** Shared test fixtures: synthetic inputs and the real CIFAR-10 folder. */
public final class Fixtures {
  private Fixtures() {}

  /** The CIFAR-10 folder the build uses (data/cifar-10-batches-bin unless overridden). */
  public static Path cifarDir() {
    return Path.of(System.getProperty("bnsweep.data.dir", "data/cifar-10-batches-bin"));
  }

  public static boolean cifarPresent() {
    return Files.isRegularFile(cifarDir().resolve("test_batch.bin"));
  }

  /**
   * A test SparkSession bound to loopback, UI off; {@code conf} holds key, value pairs. One per
   * test class, stopped with {@link #stopSpark}.
   */
  public static org.apache.spark.sql.SparkSession sparkSession(String master, String... conf) {
    org.apache.spark.sql.SparkSession.Builder b = org.apache.spark.sql.SparkSession.builder()
        .master(master).appName("bnsweep test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false");
    for (int i = 0; i + 1 < conf.length; i += 2) {
      b.config(conf[i], conf[i + 1]);
    }
    return b.getOrCreate();
  }

  /** Stops a test's session and clears the active and default sessions. */
  public static void stopSpark(org.apache.spark.sql.SparkSession spark) {
    if (spark != null) {
      spark.stop();
    }
    org.apache.spark.sql.SparkSession.clearActiveSession();
    org.apache.spark.sql.SparkSession.clearDefaultSession();
  }

  /** A small real split: {@code train} training, 500 validation, 1,000 test images. */
  public static CifarData smallCifar(int train) {
    return CifarData.load(new DataConfig(cifarDir().toString(), train, 500, 1000));
  }

  /** Standard-normal inputs, dim x n, from a fixed seed. */
  public static DoubleMatrix gaussian(int dim, int n, long seed) {
    Random r = new Random(seed);
    DoubleMatrix x = new DoubleMatrix(dim, n);
    for (int i = 0; i < x.length; i++) {
      x.data[i] = r.nextGaussian();
    }
    return x;
  }

  /** Labels 0-9 from a fixed seed. */
  public static int[] labels(int n, long seed) {
    Random r = new Random(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(10);
    }
    return y;
  }

  /**
   * A learnable synthetic set: class-dependent means plus noise, dim x n in single precision,
   * so that training tests need no data files.
   */
  public static ImageSet separable(int dim, int n, long seed) {
    return separableSets(dim, seed, n)[0];
  }

  /**
   * Disjoint sets of one synthetic problem (the same class means, other noise and labels), such
   * as training, validation and test sets of the given sizes.
   */
  public static ImageSet[] separableSets(int dim, long seed, int... sizes) {
    Random r = new Random(seed);
    float[][] centres = new float[10][dim];
    for (float[] c : centres) {
      for (int k = 0; k < dim; k++) {
        c[k] = (float) r.nextGaussian();
      }
    }
    ImageSet[] sets = new ImageSet[sizes.length];
    for (int s = 0; s < sizes.length; s++) {
      int n = sizes[s];
      float[] px = new float[dim * n];
      int[] y = new int[n];
      for (int j = 0; j < n; j++) {
        y[j] = r.nextInt(10);
        for (int k = 0; k < dim; k++) {
          px[j * dim + k] = centres[y[j]][k] + (float) (0.8 * r.nextGaussian());
        }
      }
      sets[s] = ImageSet.of(dim, px, y);
    }
    return sets;
  }

  /**
   * Asserts that {@code now} equals the lines pinned in {@code pins} (a path from the project's
   * root). With -Dbnsweep.pins.write=true it first writes {@code now} there: only for a change
   * that is meant to change what is pinned, said so in its commit.
   */
  public static void assertPinned(String pins, java.util.List<String> now, String message)
      throws java.io.IOException {
    Path file = Path.of(pins);
    if (Boolean.getBoolean("bnsweep.pins.write")) {
      Files.write(file, now, java.nio.charset.StandardCharsets.UTF_8);
    }
    java.util.List<String> pinned = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assertions.assertFalse(pinned.isEmpty(), "nothing pinned in " + pins);
    for (int i = 0; i < Math.min(pinned.size(), now.size()); i++) {
      org.junit.jupiter.api.Assertions.assertEquals(pinned.get(i), now.get(i),
          message + " (line " + (i + 1) + " of " + pins + ")");
    }
    org.junit.jupiter.api.Assertions.assertEquals(pinned.size(), now.size(),
        message + ": another number of lines than " + pins);
  }
}
