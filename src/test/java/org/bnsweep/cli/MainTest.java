package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as scripts see it: exit status, one-line errors, JSON last lines. */
class MainTest {
  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    return run(CommandLine.defaultFactory(), args);
  }

  /** Runs a command line whose commands {@code factory} makes. */
  static Run run(CommandLine.IFactory factory, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = Main.run(factory, args);
      return new Run(status, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static final String SMALL = "--set=data.training-size=1000";

  @Test
  void trainWithJsonEndsWithOneJsonObject() {
    Run r = run("train", "--json", SMALL, "--set=data.validation-size=200",
        "--set=data.test-size=200", "--set=training.step-size=5", "--set=training.cycles=1");
    assertEquals(0, r.status(), r.err());
    String[] lines = r.out().strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.startsWith("{\"config\":{\"hidden\":[50,50]"), last);
    assertTrue(last.contains("\"status\":\"ok\""), last);
    assertTrue(last.contains("\"curve\":[{\"epoch\":1"), last);
    assertTrue(r.out().contains("BLAS: "), r.out());
  }

  /** Three mistakes, three lines, one run: each names its key and where it came from. */
  @Test
  void threeMistakesAreThreeLines() {
    Run three = run("train", "--set", "training.lambda=-0.1", "--set", "training.lamda=1",
        "--set", "network.hidden=[]");
    assertEquals(1, three.status());
    List<String> lines = three.err().strip().lines().toList();
    assertEquals(3, lines.size(), three.err());
    assertTrue(lines.stream().allMatch(l -> l.startsWith("bnsweep train: error: ")), three.err());
    for (String key : List.of("training.lambda=-0.1", "training.lamda=1", "network.hidden=[]")) {
      assertEquals(1, lines.stream().filter(l -> l.contains("(--set " + key)).count(),
          three.err());
    }
  }

  @Test
  void badValuesGiveOneLineNamingTheValueAndTheFix() {
    Run negative = run("train", "--set", "training.lambda=-0.1");
    assertEquals(1, negative.status());
    assertEquals(1, negative.err().strip().lines().count(), negative.err());
    assertTrue(negative.err().contains("training.lambda must be >= 0, got -0.1"), negative.err());

    Run etas = run("train", "--set", "training.eta-min=0.5");
    assertTrue(etas.err().contains("eta-min must be <= training.eta-max"), etas.err());

    Run widths = run("train", "--set", "network.hidden=[]");
    assertTrue(widths.err().contains("network.hidden"), widths.err());

    Run unknown = run("train", "--set", "training.lamda=0.1");
    assertEquals(1, unknown.status());
    assertTrue(unknown.err().contains("training.lamda is an unknown key (valid keys in"
        + " bnsweep.training: batch-size, cycles,"), unknown.err());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());

    Run batch = run("train", SMALL, "--set", "training.batch-size=5000");
    assertTrue(batch.err().contains("batch-size 5000 is larger than the 1000 training images"),
        batch.err());

    Run data = run("train", "--set", "data.dir=/nowhere/cifar");
    assertTrue(data.err().contains("/nowhere/cifar does not exist; run data/fetch-cifar10.sh"),
        data.err());
  }

  @Test
  void gradcheckPassesAndReportsEveryParameter() {
    Run r = run("gradcheck", "--json");
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("PASS"), r.out());
    assertTrue(r.out().contains("gamma3"), r.out());
    // The dropout cases (issue 20), each checked below the tolerance too.
    assertTrue(r.out().contains("4-layer [20, 15, 12] BN lambda 0.1 dropout 0.3"), r.out());
    assertTrue(r.out().contains("\"dropout\":0.3"), r.out());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Run r = run("train", "--frobnicate");
    assertTrue(r.status() != 0);
    assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r.err());
  }

  /**
   * main returns instead of exiting only in a YARN cluster-mode application master (whose
   * final status is what main returning reports; YarnSweepIT runs one): not in a client-mode
   * driver, which has the application id too.
   */
  @Test
  void onlyAYarnClusterModeDriverReturnsFromMain() {
    Properties p = new Properties();
    assertFalse(Main.inYarnApplicationMaster(p));
    p.setProperty("spark.yarn.app.id", "application_1_0001");
    p.setProperty("spark.submit.deployMode", "client");
    assertFalse(Main.inYarnApplicationMaster(p));
    p.setProperty("spark.submit.deployMode", "cluster");
    assertTrue(Main.inYarnApplicationMaster(p));
  }
}
