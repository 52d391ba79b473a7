package org.bnsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The results table on a real HDFS: a one-DataNode MiniDFSCluster in this JVM, on 127.0.0.1.
 * Writers race as on the local disk; here the NameNode's rename is what lets only one win.
 */
class HdfsResultsTableTest {
  static final int WRITERS = 8;
  static final int ROUNDS = 20;
  @TempDir
  static Path base;
  static MiniDFSCluster hdfs;
  static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    for (String key : List.of("dfs.namenode.http-address", "dfs.namenode.https-address",
        "dfs.datanode.address", "dfs.datanode.http.address", "dfs.datanode.ipc.address")) {
      conf.set(key, "127.0.0.1:0");
    }
    hdfs = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).build();
    hdfs.waitActive();
    spark = Fixtures.sparkSession("local[2]");
  }

  @AfterAll
  static void stop() {
    Fixtures.stopSpark(spark);
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  static ResultsTable table(String name) {
    return new ResultsTable(hdfs.getURI() + "/" + name,
        HadoopConf.of(hdfs.getConfiguration(0)));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyTrialEndsWithOneFileByAWriterThatWon(boolean replacingFailed) throws Exception {
    ResultsTable table = table("race-" + replacingFailed);
    Map<String, Set<String>> winners = WriterRace.run(table, WRITERS, ROUNDS, replacingFailed);

    WriterRace.assertOneReadableRowPerTrial(spark, table, winners, !replacingFailed);
  }

  @Test
  void anUnreadableTrialFileIsMovedAsideAndTrainedAgain() throws IOException {
    List<String> notices = new ArrayList<>();
    ResultsTable table = table("bad").withNotices(notices::add);
    String good = TrialRows.newId();
    String bad = TrialRows.newId();
    assertTrue(table.write("s", TrialRows.row(good, TrialStatus.OK, "good"), false));
    org.apache.hadoop.fs.Path badFile =
        new org.apache.hadoop.fs.Path(table.sweepDir("s"), "trial-" + bad + ".parquet");
    FileSystem fs = badFile.getFileSystem(hdfs.getConfiguration(0));
    try (FSDataOutputStream out = fs.create(badFile)) {
      out.write("PAR1 cut short".getBytes(StandardCharsets.UTF_8));
    }

    assertEquals(Set.of(good), table.statusById("s").keySet());

    assertFalse(fs.exists(badFile));
    assertEquals(1, fs.listStatus(new org.apache.hadoop.fs.Path(table.sweepDir("s"),
        TrialFiles.CORRUPT_DIR)).length);
    assertEquals(1, notices.size(), "notices: " + notices);
    assertTrue(table.write("s", TrialRows.row(bad, TrialStatus.OK, "again"), false));
    assertEquals(2, table.readAll(spark).count());
  }
}
