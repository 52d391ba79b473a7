package org.bnsweep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A hand-made results table with the sweep's exact schema, laid out as the sweep lays it out
 * (one file {@code sweep=<name>/trial-<16 hex>.parquet} per trial, which is all that readers of
 * the table read). A row's trial id is {@link #id} of a readable name such as {@code fine-2}.
 * Two sweeps:
 * <ul>
 *   <li>{@value #FULL}: a lambda search (coarse 5 lambdas, fine 4, final 1), 3- and 9-layer He
 *       trials with BN on and off, sigma 1e-1, 1e-3, 1e-4 trials with BN on and off, and one
 *       failed trial; a full grid of lambda x sigma (stage {@value #GRID}: 4 lambdas, He and
 *       two sigmas, validation accuracy the sum of an effect of each) and a 2 x 2 refinement of
 *       it between the grid's values (stage {@value #REFINE}); 36 trials. Stages start in
 *       the order listed.</li>
 *   <li>{@value #SHALLOW}: two 3-layer trials at one lambda, nothing else.</li>
 * </ul>
 */
public final class SyntheticTable {
  public static final String FULL = "full";
  static final String SHALLOW = "shallow";
  static final int FULL_TRIALS = 36;
  static final String GRID = "grid";
  static final String REFINE = "refine";
  /** The grid's lambdas and sigmas (null: He), with each one's effect on validation accuracy. */
  static final double[] GRID_LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1};
  static final double[] GRID_LAMBDA_EFFECT = {0.03, 0.06, 0.04, -0.10};
  static final Double[] GRID_SIGMAS = {null, 1e-2, 1e-3};
  static final double[] GRID_SIGMA_EFFECT = {0.05, 0.03, 0.0};
  /** Kept below the fine stage's best, so that the lambda search's best trial stays fine/fine-2. */
  static final double GRID_BASE = 0.40;
  private static final List<String> STAGE_ORDER = List.of("coarse", "fine", "final", "depth",
      "init", GRID, REFINE);
  static final double BEST_LAMBDA = 3e-3;
  /** Test accuracy of the sigma trials: rows sigma 1e-1, 1e-3, 1e-4; columns BN on, BN off. */
  static final double[][] SIGMA_TEST = {{0.52, 0.50}, {0.515, 0.35}, {0.50, 0.10}};

  private SyntheticTable() {}

  static final String CURVE = "array<struct<epoch:int, updates:bigint, eta:double,"
      + " train_loss:double, train_cost:double, train_accuracy:double, val_loss:double,"
      + " val_cost:double, val_accuracy:double, seconds:double>>";

  /** The results table's schema, column for column as the sweep writes it. */
  static final StructType SCHEMA = StructType.fromDDL("sweep string, stage string,"
      + " trial_id string, status string, error string, hidden array<int>, depth int,"
      + " batch_norm boolean, init string, sigma double, bn_alpha double, bn_epsilon double,"
      + " lambda double, batch_size int, eta_min double, eta_max double, step_size int,"
      + " cycles int, precision string, seed bigint, training_seed bigint, order_seed bigint,"
      + " training_size int,"
      + " validation_size int, test_size int, train_loss double, train_cost double,"
      + " train_accuracy double, val_loss double, val_cost double, val_accuracy double,"
      + " test_accuracy double, updates bigint, epochs int, curve " + CURVE + ","
      + " training_seconds double, seconds double, executor string, attempt int,"
      + " started_at timestamp, ended_at timestamp");

  /** Writes both sweeps under {@code dir}, which must not exist yet. */
  public static void write(SparkSession spark, String dir) {
    writeTrialFiles(spark.createDataFrame(rows(), SCHEMA), dir);
  }

  /**
   * The trial id of the row named {@code name} (such as {@code fine-2}) in {@code sweep}: 16 hex
   * digits, as the sweep's ids are and its file names need.
   */
  public static String id(String sweep, String name) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest((sweep + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code rows} (with a {@code sweep} column) under {@code dir} as the sweep lays out its
   * table, each row's {@code trial_id} replaced by {@link #id} of it: Spark writes one file per
   * trial, partitioned by sweep and id, in one task per partition of the rows (a task per trial
   * would cost seconds on a two-core test machine), and each file is moved to its trial's name.
   */
  static void writeTrialFiles(Dataset<Row> rows, String dir) {
    Path staging = Path.of(dir + ".staging");
    rows.withColumn("trial_id", expr("substr(sha2(concat(sweep, '/', trial_id), 256), 1, 16)"))
        .withColumn("tid", col("trial_id"))
        .write().partitionBy("sweep", "tid").parquet(staging.toString());
    try (Stream<Path> files = Files.walk(staging)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")
          && f.toString().endsWith(".parquet")).toList()) {
        String id = f.getParent().getFileName().toString().substring("tid=".length());
        Path sweepDir = Files.createDirectories(
            Path.of(dir).resolve(f.getParent().getParent().getFileName()));
        Files.move(f, sweepDir.resolve("trial-" + id + ".parquet"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out " + dir + " as trial files", e);
    }
    try (Stream<Path> left = Files.walk(staging)) {
      for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out " + dir + " as trial files", e);
    }
  }

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    double[] coarse = {1e-5, 1e-4, 1e-3, 1e-2, 1e-1};
    double[] coarseAcc = {0.48, 0.49, 0.51, 0.47, 0.30};
    for (int i = 0; i < coarse.length; i++) {
      rows.add(ok(FULL, "coarse", i, List.of(50, 50), true, null, coarse[i], coarseAcc[i],
          coarseAcc[i] - 0.01));
    }
    double[] fine = {1e-3, 2e-3, BEST_LAMBDA, 5e-3};
    double[] fineAcc = {0.512, 0.518, 0.531, 0.515};
    for (int i = 0; i < fine.length; i++) {
      rows.add(ok(FULL, "fine", i, List.of(50, 50), true, null, fine[i], fineAcc[i],
          fineAcc[i] - 0.005));
    }
    rows.add(ok(FULL, "final", 0, List.of(50, 50), true, null, BEST_LAMBDA, 0.54, 0.535));
    rows.add(ok(FULL, "depth", 0, List.of(50, 50), false, null, 5e-3, 0.50, 0.495));
    List<Integer> deep = List.of(50, 30, 20, 20, 10, 10, 10, 10);
    rows.add(ok(FULL, "depth", 1, deep, true, null, 5e-3, 0.49, 0.485));
    rows.add(ok(FULL, "depth", 2, deep, false, null, 5e-3, 0.40, 0.395));
    double[] sigmas = {1e-1, 1e-3, 1e-4};
    for (int s = 0; s < sigmas.length; s++) {
      for (int bn = 0; bn < 2; bn++) {
        double test = SIGMA_TEST[s][bn];
        rows.add(ok(FULL, "init", 2 * s + bn, List.of(50, 50), bn == 0, sigmas[s], 5e-3,
            test + 0.005, test));
      }
    }
    rows.add(failed(FULL, "depth", 3));
    for (int l = 0; l < GRID_LAMBDAS.length; l++) {
      for (int g = 0; g < GRID_SIGMAS.length; g++) {
        double acc = GRID_BASE + GRID_LAMBDA_EFFECT[l] + GRID_SIGMA_EFFECT[g];
        rows.add(ok(FULL, GRID, GRID_SIGMAS.length * l + g, List.of(50, 50), true,
            GRID_SIGMAS[g], GRID_LAMBDAS[l], acc, acc - 0.01));
      }
    }
    double[] refineLambdas = {5e-4, 2e-3};
    double[] refineSigmas = {2e-2, 5e-3};
    for (int l = 0; l < 2; l++) {
      for (int g = 0; g < 2; g++) {
        double acc = 0.50 + 0.01 * l + 0.005 * g;
        rows.add(ok(FULL, REFINE, 2 * l + g, List.of(50, 50), true, refineSigmas[g],
            refineLambdas[l], acc, acc - 0.01));
      }
    }
    rows.add(ok(SHALLOW, "depth", 0, List.of(50, 50), true, null, 5e-3, 0.51, 0.50));
    rows.add(ok(SHALLOW, "depth", 1, List.of(50, 50), false, null, 5e-3, 0.49, 0.48));
    return rows;
  }

  private static Row ok(String sweep, String stage, int n, List<Integer> hidden, boolean bn,
      Double sigma, double lambda, double valAcc, double testAcc) {
    int epochs = 8;
    List<Row> curve = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      // Losses fall from about 2.3 towards a floor set by the final accuracy; BN falls faster.
      double decay = Math.exp(-e / (bn ? 2.0 : 4.0));
      double trainLoss = 1.2 + 1.1 * decay - 0.02 * e;
      double valLoss = 1.4 + 0.9 * decay;
      double acc = valAcc - 0.3 * decay;
      curve.add(RowFactory.create(e, 100L * e, 1e-3, trainLoss, trainLoss + 0.1, acc + 0.02,
          valLoss, valLoss + 0.1, acc, 2.0 * e));
    }
    double seconds = 20 + 7 * n + hidden.size() * 3 + (bn ? 4 : 0);
    Row last = curve.get(epochs - 1);
    return row(sweep, stage, n, "ok", null, hidden, bn, sigma, lambda, last.getDouble(3),
        last.getDouble(5), last.getDouble(6), valAcc, testAcc, curve, seconds,
        "executor-" + (n % 2));
  }

  private static Row failed(String sweep, String stage, int n) {
    return row(sweep, stage, n, "failed", "java.lang.OutOfMemoryError: Java heap space",
        List.of(50, 50), true, null, 5e-3, null, null, null, null, null, null, 3.5,
        "executor-1");
  }

  private static Row row(String sweep, String stage, int n, String status, String error,
      List<Integer> hidden, boolean bn, Double sigma, double lambda, Double trainLoss,
      Double trainAcc, Double valLoss, Double valAcc, Double testAcc, List<Row> curve,
      double seconds, String executor) {
    Timestamp start = new Timestamp(1_700_000_000_000L
        + 60_000L * (100L * STAGE_ORDER.indexOf(stage) + n));
    Timestamp end = new Timestamp(start.getTime() + (long) (1000 * seconds));
    Integer epochs = curve == null ? null : curve.size();
    // The replicate seed is the plan's, the same in every trial unless a stage sweeps it.
    Object[] v = {sweep, stage, stage + "-" + n, status, error, hidden, hidden.size() + 1, bn,
        sigma == null ? "he" : Double.toString(sigma).toUpperCase(), sigma, 0.9, 1e-10, lambda,
        100, 1e-5, 1e-1, 900, 2, "single", 42L, 7L + n, 7L + n, 45000, 5000, 10000, trainLoss,
        trainLoss == null ? null : trainLoss + 0.1, trainAcc, valLoss,
        valLoss == null ? null : valLoss + 0.1, valAcc, testAcc,
        curve == null ? null : 100L * curve.size(), epochs, curve, seconds - 1, seconds,
        executor, 1, start, end};
    if (v.length != SCHEMA.size()) {
      throw new IllegalStateException("row has " + v.length + " values for " + SCHEMA.size()
          + " columns: " + Arrays.toString(v));
    }
    return RowFactory.create(v);
  }
}
