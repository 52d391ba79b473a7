package org.bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The smoke application's job on {@code local[2]}; the cluster run is in its javadoc. */
class ClusterSmokeAppTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("cluster-smoke-test")
        .config("spark.ui.enabled", "false")
        // Loopback only: Spark would otherwise bind to the first non-loopback interface.
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  @Test
  void slicesAddUpToGaussSum() {
    // 7 uneven slices of 1..1000: every number in exactly one slice.
    List<ClusterSmokeApp.TaskReport> reports = ClusterSmokeApp.sumAcrossExecutors(jsc, 7, 1000);
    assertEquals(7, reports.size());
    assertEquals(500_500L, reports.stream().mapToLong(ClusterSmokeApp.TaskReport::sum).sum());
    for (int p = 0; p < 7; p++) {
      assertEquals(p, reports.get(p).partition());
      assertEquals("driver", reports.get(p).executorId());
    }
  }

  @Test
  void rejectsEmptyWork() {
    assertThrows(IllegalArgumentException.class,
        () -> ClusterSmokeApp.sumAcrossExecutors(jsc, 0, 10));
  }
}
