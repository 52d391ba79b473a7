package org.bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bnsweep.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's promise: the command it prints for the best trial trains that trial again on one
 * machine with the same validation and test accuracy, to the bit. A small sweep (3 lambdas on
 * 1,000 images, 10 updates each) runs, the report is written, and its command is run as
 * printed (with the test's data folder added).
 */
class RetrainCommandTest {
  private static final String SWEEP = """
      bnsweep {
        data { training-size = 1000, validation-size = 300, test-size = 300 }
        training { step-size = 5, cycles = 1 }
        sweep {
          name = retrain
          stages = [ { name = lambdas, type = grid, grid { lambda = [1e-3, 1e-2, 1e-1] } } ]
        }
      }
      """;

  @Test
  void theBestTrialsCommandRetrainsItToTheBit(@TempDir Path dir) throws IOException {
    Path conf = Files.writeString(dir.resolve("retrain.conf"), SWEEP);
    String results = dir.resolve("results").toString();
    String data = "data.dir=\"" + Fixtures.cifarDir() + "\"";
    MainTest.Run sweep = MainTest.run("sweep", conf.toString(), "--results", results,
        "--master", "local[2]", "--set", data, "--json");
    assertEquals(0, sweep.status(), sweep.err());
    Path out = dir.resolve("report");
    MainTest.Run report = MainTest.run("report", "--results", results, "--out", out.toString());
    assertEquals(0, report.status(), report.err());

    String md = Files.readString(out.resolve("report.md"));
    Matcher best = Pattern.compile("Trial lambdas/([0-9a-f]{16}) reached the highest").matcher(md);
    assertTrue(best.find(), md);
    Matcher command = Pattern.compile("```sh\n(submit/bnsweep train [^\n]*)\n```").matcher(md);
    assertTrue(command.find(), "no retrain command in " + md);
    assertTrue(md.indexOf(command.group(1)) < md.indexOf("## 2."), "the command opens the page");
    List<String> args = shellWords(command.group(1));
    assertEquals("submit/bnsweep", args.get(0));

    String swept = sweep.out();
    double val = number(swept, best.group(1), "val_accuracy");
    double test = number(swept, best.group(1), "test_accuracy");
    assertTrue(val > 0.2, "the best trial learned something: " + val);

    List<String> again = new ArrayList<>(args.subList(1, args.size()));
    again.addAll(List.of("--set", data, "--json"));
    MainTest.Run retrained = MainTest.run(again.toArray(String[]::new));
    assertEquals(0, retrained.status(), retrained.err());
    String json = lastLine(retrained.out());
    assertEquals(Double.doubleToLongBits(val), Double.doubleToLongBits(field(json, "val_accuracy")),
        "validation accuracy of the retrained trial, sweep's " + val + ": " + json);
    assertEquals(Double.doubleToLongBits(test),
        Double.doubleToLongBits(field(json, "test_accuracy")), "test accuracy: " + json);

    // Control: without the seeds the command prints, the same settings train another network.
    List<String> unseeded = new ArrayList<>(again);
    int at = unseeded.indexOf("--training-seed");
    unseeded.subList(at, at + 2).clear(); // --training-seed N
    MainTest.Run other = MainTest.run(unseeded.toArray(String[]::new));
    assertEquals(0, other.status(), other.err());
    assertNotEquals(field(json, "train_loss"), field(lastLine(other.out()), "train_loss"),
        "the seeds decide the numbers, so the command must carry them");
  }

  /** Splits a command line as a POSIX shell does, for the single quotes the report uses. */
  static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          words.add(w.toString());
        }
        w.setLength(0);
        any = false;
      } else {
        w.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(w.toString());
    }
    return words;
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }

  /** A metric of trial {@code id} in the sweep's JSON line. */
  private static double number(String sweepOut, String id, String key) {
    Matcher m = Pattern.compile("\"trial_id\":\"" + id + "\"[^}]*?\"" + key + "\":([^,}]+)")
        .matcher(sweepOut);
    assertTrue(m.find(), "no " + key + " of " + id + " in " + sweepOut);
    return Double.parseDouble(m.group(1));
  }

  private static double field(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":([^,}]+)").matcher(json);
    assertTrue(m.find(), "no " + key + " in " + json);
    return Double.parseDouble(m.group(1));
  }
}
