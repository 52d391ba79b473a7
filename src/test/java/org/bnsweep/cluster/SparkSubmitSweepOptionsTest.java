package org.bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How submit/spark-submit-sweep reads its command line, before any JVM starts. */
class SparkSubmitSweepOptionsTest {
  @TempDir Path dir;

  @Test
  void aSweepOptionBeforeTheDoubleDashGetsOneLineSayingWhereItGoes() throws Exception {
    ScriptCheckout checkout = new ScriptCheckout(dir);
    ScriptCheckout.Result r = checkout.run(Map.of(), "spark-submit-sweep",
        "--master", "spark://127.0.0.1:7077", "conf/quick.conf", "--results", "results/t");
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals(1, r.stderr().lines().count(), r.toString());
    assertTrue(r.stderr().contains("--results is not a spark-submit option")
        && r.stderr().contains("-- --results results/t"), r.toString());
  }

  @Test
  void theDriverLogsWithOurConfigurationAndLocalExecutorsGetTheKernel() throws Exception {
    ScriptCheckout checkout = new ScriptCheckout(dir);
    Path conf = Files.writeString(dir.resolve("quick.conf"), "bnsweep {}\n");
    ScriptCheckout.Result r = checkout.run(Map.of("OPENBLAS_CORETYPE", "Sandybridge"),
        "spark-submit-sweep", "--master", "spark://127.0.0.1:7077", conf.toString());
    String java = r.stderr().lines().filter(l -> l.contains("stand-in java")).findFirst()
        .orElseThrow(() -> new AssertionError(r.toString()));
    // Spark's default profile would print INFO lines until the sweep sets WARN.
    assertTrue(java.contains(" -Dlog4j2.configurationFile=" + checkout.root
        + "/src/main/resources/log4j2.properties "), java);
    assertTrue(java.contains(" spark.executorEnv.OPENBLAS_CORETYPE=Sandybridge "), java);
  }
}
