package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.bnsweep.UsesCifar10;
import org.bnsweep.sweep.InjectedFaults;
import org.bnsweep.sweep.TrialListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What scripts see of a sweep and a train command: exit statuses and one-line refusals. */
@UsesCifar10
class SweepExitTest {
  @TempDir Path dir;

  private Path conf() throws Exception {
    return Files.writeString(dir.resolve("small.conf"), """
        bnsweep {
          data { training-size = 1000, validation-size = 300, test-size = 300 }
          training { step-size = 5, cycles = 1 }
          sweep {
            name = exits
            stages = [
              { name = coarse, type = grid, grid { lambda = [1e-1, 1e-3, 1e-5, 1e-7, 1e-9, 0, 1] } }
              { name = fine, type = refine, of = coarse, top = 1, set { cycles = 2 } }
            ]
          }
        }
        """);
  }

  private String data() {
    return "--set=data.dir=\"" + Fixtures.cifarDir().toAbsolutePath() + "\"";
  }

  @Test
  void aDryRunStartsNoSparkAndWritesNothing() throws Exception {
    Path table = dir.resolve("table");
    MainTest.Run r = MainTest.run("sweep", conf().toString(), "--dry-run", "--results",
        table.toString(), data());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("[coarse] grid: lambda = [0.100, 0.00100, 1.00e-05, ..., 0.00,"
        + " 1.00] (7 values) = 7 trials; 0 already in the table"), r.out());
    assertTrue(r.out().contains("[fine] refine: top 1 of coarse x set cycles=2 = up to 1 trial;"),
        r.out());
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "the dry run started Spark");
    assertFalse(Files.exists(table));
  }

  @Test
  void aSweepWithFailedTrialsExitsWith4NamingTheFirstFive() throws Exception {
    TrialListener failing = InjectedFaults.failStage("coarse");
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == SweepCommand.class ? cls.cast(new SweepCommand(failing))
            : CommandLine.defaultFactory().create(cls);
      }
    };
    MainTest.Run r;
    try {
      r = MainTest.run(factory, "sweep", conf().toString(), "--master", "local[2]",
          "--results", dir.resolve("table").toString(), data());
    } finally {
      Fixtures.stopSpark(null);
    }
    assertEquals(4, r.status(), r.err());
    String[] lines = r.err().strip().split("\n");
    assertEquals(7, lines.length, r.err());
    for (int i = 0; i < 5; i++) {
      assertTrue(lines[i].matches("bnsweep sweep: trial [0-9a-f]{16} of stage coarse failed:"
          + " IllegalStateException: injected failure .*"), lines[i]);
    }
    assertEquals("bnsweep sweep: and 2 more failed trials", lines[5]);
    assertTrue(lines[6].startsWith("bnsweep sweep: 7 trials failed (exit status 4)"), lines[6]);
  }

  @Test
  void trainRefusesNetworksTooLargeInOneLine() {
    MainTest.Run array = MainTest.run("train", "--set", "network.hidden=[1000000]");
    assertEquals(1, array.status());
    assertEquals(1, array.err().strip().lines().count(), array.err());
    assertTrue(array.err().contains("network.hidden [1000000]: the 1000000 x 3072 weights of"
        + " layer 1 are 3,072,000,000 elements, more than a Java array holds"), array.err());

    // Fits in an array, not in this JVM's heap (tens of gigabytes).
    MainTest.Run heap = MainTest.run("train", "--set", "network.hidden=[600000]");
    assertEquals(1, heap.status());
    assertEquals(1, heap.err().strip().lines().count(), heap.err());
    assertTrue(heap.err().matches("(?s)bnsweep train: error: network.hidden \\[600000\\] needs"
        + " about .* but the JVM's heap is .*; lower network.hidden or raise BNSWEEP_HEAP to"
        + " \\d+g\\s*"), heap.err());
  }
}
