package org.bnsweep.results;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many writers of one trial at once, as retries, speculative copies and a restarted driver make
 * them, on the local file system: each trial must end with exactly one file, the winner's, that
 * Spark reads, and no temporary or checksum files.
 */
class ConcurrentWritersTest {
  static final int WRITERS = 8;
  static final int ROUNDS = 50;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = Fixtures.sparkSession("local[2]");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
  }

  /**
   * @param replacingFailed whether the trial first has a failed row that every writer replaces
   *     (only one may win a trial that has no row; several may replace a failed one in turn)
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyTrialEndsWithOneFileByAWriterThatWon(boolean replacingFailed, @TempDir Path dir)
      throws Exception {
    ResultsTable table = new ResultsTable(dir.resolve("trials").toString(),
        HadoopConf.of(new Configuration()));
    Map<String, Set<String>> winners = WriterRace.run(table, WRITERS, ROUNDS, replacingFailed);

    WriterRace.assertOneReadableRowPerTrial(spark, table, winners, !replacingFailed);
  }
}
