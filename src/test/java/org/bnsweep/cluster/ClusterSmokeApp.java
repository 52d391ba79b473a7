package org.bnsweep.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.nn.BlasLibrary;

/**
 * A tiny Spark application that proves the submit path of {@code submit/spark-submit-sweep}:
 * it sums 1..n over several partitions and reports, per partition, the executor, process and
 * working folder that ran it and the BLAS that jblas loaded there. Submitted to a local
 * standalone cluster with
 *
 * <pre>
 * submit/standalone start
 * jar cf target/cluster-smoke.jar -C target/test-classes org/bnsweep/cluster
 * BNSWEEP_SUBMIT_CLASS=org.bnsweep.cluster.ClusterSmokeApp submit/spark-submit-sweep \
 *     --master spark://127.0.0.1:7077 --jars target/cluster-smoke.jar -- 8 1000000 2
 * submit/standalone stop
 * </pre>
 *
 * <p>Arguments: partitions (default 8), n (default 1,000,000), and the executors that must
 * run tasks (default 1). Exits 1 when the sum is wrong or fewer executors ran tasks.
 */
public final class ClusterSmokeApp {
  /** Each task sleeps this long, so that every registered executor gets some. */
  private static final long TASK_MILLIS = 300;
  /** How long the driver waits for the executors it was asked to use. */
  private static final long REGISTRATION_MILLIS = 60_000;

  private ClusterSmokeApp() {}

  /** What one partition computed and where it ran. */
  record TaskReport(int partition, long sum, String executorId, long pid, String workDir,
      String blas, String openblasThreads) implements Serializable {}

  public static void main(String[] args) throws InterruptedException {
    int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    long n = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    int minExecutors = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    SparkSession spark = SparkSession.builder().appName("bnsweep-cluster-smoke").getOrCreate();
    int status;
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      waitForExecutors(jsc, minExecutors);
      long start = System.nanoTime();
      List<TaskReport> reports = sumAcrossExecutors(jsc, partitions, n);
      double seconds = (System.nanoTime() - start) / 1e9;
      status = report(reports, n, minExecutors, seconds);
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  /** Sums 1..n in {@code partitions} slices, one task per slice; reports in partition order. */
  static List<TaskReport> sumAcrossExecutors(JavaSparkContext jsc, int partitions, long n) {
    if (partitions < 1 || n < 1) {
      throw new IllegalArgumentException(
          "partitions and n must be >= 1, got " + partitions + " and " + n);
    }
    List<Integer> slices = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
    return jsc.parallelize(slices, partitions).map(p -> {
      long from = n * p / partitions + 1;
      long to = n * (p + 1) / partitions;
      long sum = 0;
      for (long i = from; i <= to; i++) {
        sum += i;
      }
      Thread.sleep(TASK_MILLIS);
      return new TaskReport(p, sum, SparkEnv.get().executorId(), ProcessHandle.current().pid(),
          System.getProperty("user.dir"), BlasLibrary.describe(),
          String.valueOf(System.getenv("OPENBLAS_NUM_THREADS")));
    }).collect();
  }

  private static void waitForExecutors(JavaSparkContext jsc, int wanted)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + REGISTRATION_MILLIS;
    // The status tracker lists the driver too; local mode has only the driver.
    while (jsc.sc().statusTracker().getExecutorInfos().length - 1 < wanted
        && !jsc.isLocal() && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
  }

  private static int report(List<TaskReport> reports, long n, int minExecutors, double seconds) {
    long sum = reports.stream().mapToLong(TaskReport::sum).sum();
    long expected = n * (n + 1) / 2;
    Map<String, List<Integer>> byExecutor = new TreeMap<>();
    for (TaskReport r : reports) {
      System.out.printf("partition %d: sum %d on executor %s (pid %d, %s), %s,"
              + " OPENBLAS_NUM_THREADS=%s%n", r.partition(), r.sum(), r.executorId(), r.pid(),
          r.workDir(), r.blas(), r.openblasThreads());
      byExecutor.computeIfAbsent(r.executorId(), k -> new ArrayList<>()).add(r.partition());
    }
    System.out.printf("executors that ran tasks: %s%n", byExecutor);
    System.out.printf("sum of 1..%d = %d (expected %d) in %.2f s%n", n, sum, expected, seconds);
    if (sum != expected) {
      System.out.println("FAILED: wrong sum");
      return 1;
    }
    if (byExecutor.size() < minExecutors) {
      System.out.printf("FAILED: tasks ran on %d executors, expected at least %d%n",
          byExecutor.size(), minExecutors);
      return 1;
    }
    System.out.println("OK");
    return 0;
  }
}
