package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BroadcastBlockId;
import org.bnsweep.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The sweep's data broadcast is gone from every block manager when {@link SweepRunner#destroy}
 * returns: no removal is still on its way when the session stops (on a cluster, the executors
 * would be ended before replying, and Spark would print a RejectedExecutionException trace).
 */
class BroadcastDestroyTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = Fixtures.sparkSession("local[2]");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

  @RepeatedTest(5)
  void destroyReturnsOnceTheBlocksAreRemoved() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<double[]> broadcast = jsc.broadcast(new double[1 << 20]);
    long read = jsc.parallelize(List.of(1, 2, 3, 4), 4).map(i -> broadcast.value().length)
        .reduce(Integer::sum);
    assertEquals(4L << 20, read);
    assertFalse(blocks(broadcast.id()).isEmpty());

    SweepRunner.destroy(broadcast);
    assertEquals(List.of(), blocks(broadcast.id()));
  }

  /** The blocks of broadcast {@code id} in this JVM's block manager (the driver's and executors'). */
  private static List<BlockId> blocks(long id) {
    return CollectionConverters.asJava(SparkEnv.get().blockManager().getMatchingBlockIds(
        b -> b instanceof BroadcastBlockId bb && bb.broadcastId() == id));
  }
}
