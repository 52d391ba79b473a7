package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.bnsweep.Fixtures;
import org.junit.jupiter.api.Test;

/** {@code bench --sweep}: efficiency and speed-up that mean the same at any number of cores. */
class SweepBenchmarkTest {

  @Test
  void efficiencyIsTrialTimeOverCoreTimeAndSpeedUpIsAgainstTheFirstRun() {
    // One core busy with trials all the time; two cores, each idle a quarter of the time.
    SweepBenchmark.Run one = new SweepBenchmark.Run("local[1]", 1, 8, 16, 1, 16, true);
    SweepBenchmark.Run two = new SweepBenchmark.Run("local[2]", 2, 8, 16 / 1.5, 1, 16, true);
    assertEquals(1, one.efficiency(), 1e-12);
    assertEquals(0.75, two.efficiency(), 1e-12);
    assertEquals(1.5, two.speedUp(one), 1e-12);
    assertEquals(1, one.speedUp(one), 1e-12);
    // The old "overhead" (wall / sum of trials - 1) read -33% here: a two-core run is not
    // faster than its trials.
    assertTrue(two.line(one).matches("local\\[2] +2 .* 75% +1\\.50x +same"), two.line(one));
    assertEquals(List.of("master", "cores", "wall", "s", "data", "s", "trials", "s",
        "efficiency", "speed-up", "metrics"), List.of(SweepBenchmark.HEADER.split(" +")));
    assertThrows(IllegalArgumentException.class,
        () -> new SweepBenchmark.Run("local[0]", 0, 8, 16, 1, 16, true));
  }

  @Test
  void benchSweepPrintsEfficiencyAndSpeedUpPerMaster() {
    assumeTrue(Fixtures.cifarPresent(), "CIFAR-10 is not in " + Fixtures.cifarDir());
    MainTest.Run r = MainTest.run("bench", "--json", "--sweep", "conf/bench-scaling.conf",
        "--set=data.dir=" + Fixtures.cifarDir(), "--set=data.training-size=1000",
        "--set=data.validation-size=200", "--set=data.test-size=200",
        "--set=training.step-size=5", "--set=training.cycles=1");
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    int header = lines.indexOf(SweepBenchmark.HEADER);
    assertTrue(header > 0, r.out());
    assertTrue(lines.get(header + 1).matches("local\\[1] +1 .* 1\\.00x +same"), r.out());
    assertTrue(lines.get(header + 2).matches("local\\[2] +2 .*x +same"), r.out());
    String json = lines.get(lines.size() - 1);
    assertTrue(json.contains("\"master\":\"local[2]\",\"cores\":2,\"trials\":8,"), json);
    assertTrue(json.contains("\"efficiency\":") && !json.contains("overhead"), json);
  }
}
