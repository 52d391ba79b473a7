package org.bnsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bnsweep.params.BadSetting;
import org.bnsweep.params.BadSettings;
import org.bnsweep.params.Hyperparameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  @Test
  void defaultsAreTheCourseSettings() {
    Settings s = Settings.defaults();
    assertEquals(List.of(50, 50), s.trial().get(Hyperparameters.HIDDEN));
    assertEquals(0.005, s.trial().get(Hyperparameters.LAMBDA));
    assertEquals(2250, s.trial().get(Hyperparameters.STEP_SIZE)); // auto: 5 * 45,000 / 100
    assertEquals(45_000, s.data().trainingSize());
  }

  @Test
  void overridesWinOverTheFileWhichWinsOverTheReference(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("x.conf"),
        "bnsweep { training { lambda = 0.1, cycles = 3 } }");
    Settings s = Settings.load(file, List.of("training.lambda=0.2"), Set.of());
    assertEquals(0.2, s.trial().get(Hyperparameters.LAMBDA));
    assertEquals(3, s.trial().get(Hyperparameters.CYCLES));
  }

  @Test
  void aMistypedKeyFailsWithItsOrigin(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("typo.conf"),
        "bnsweep {\n  training {\n    lamda = 0.1\n  }\n}\n");
    BadSetting e = assertThrows(BadSetting.class, () -> Settings.load(file, List.of(), Set.of()));
    assertEquals("bnsweep.training.lamda", e.path());
    assertTrue(e.origin().endsWith("typo.conf: 3"), e.origin());
    assertTrue(e.problem().contains("valid keys in bnsweep.training: "), e.problem());
    assertTrue(e.problem().contains("lambda"), e.problem());
  }

  @Test
  void aWrongTypeFailsWithItsOrigin() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(null, List.of("training.batch-size=lots"), Set.of()));
    assertTrue(e.getMessage().contains("training.batch-size takes a whole number"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--set training.batch-size=lots"), e.getMessage());
  }

  /** Values that a lenient reader would round, wrap or ignore are errors naming key and fix. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "network.hidden=[50.7]        | network.hidden takes a list of widths",
      "network.hidden=[5e9]         | network.hidden takes a list of widths",
      "training.batch-size=100.9    | training.batch-size takes a whole number",
      "network.init=NaN             | network.init takes \"he\" or a sigma",
      "network.init=-1              | network.init must be \"he\" or a standard deviation > 0",
      "network.batch-norm=\"true\"  | network.batch-norm takes true or false",
      "training.precision=half      | training.precision takes single, double or single-all",
      "training.step-size=0         | training.step-size must be >= 1 update, or auto",
      "training.batch-size=60000    | training.batch-size 60000 is larger than the 45000",
      "data.training-size=48000     | data.training-size + data.validation-size must be <= 50000",
      "training.shift=9             | training.shift must be in [0, 8] pixels, got 9 (--set training.shift=9: 1)",
      "training.shift=-1            | training.shift must be in [0, 8] pixels, got -1",
      "network.dropout=1            | network.dropout must be in [0, 1), got 1.0",
      "network.dropout=-0.1         | network.dropout must be in [0, 1), got -0.1",
      "training.flip=yes            | training.flip takes true or false"})
  void strictValuesNameTheKeyAndTheFix(String override, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(null, List.of(override), Set.of()));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("--set"), "names where it came from: " + e.getMessage());
  }

  @Test
  void keysOutsideTheRootAreRejected(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("outside.conf"),
        "training { lambda = 0.1 }\nbnsweep { }\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(file, List.of(), Set.of()));
    assertTrue(e.getMessage().startsWith("training is outside bnsweep { }")
        && e.getMessage().contains("outside.conf: 1"), e.getMessage());
  }

  @Test
  void aMissingFileNamesTheFix(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(dir.resolve("nope.conf"), List.of(), Set.of()));
    assertTrue(e.getMessage().contains("nope.conf does not exist"), e.getMessage());
  }

  @Test
  void aBadValueNamesWhereItCameFrom(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.conf"),
        "bnsweep {\n  training {\n    lambda = -0.1\n  }\n}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(file, List.of(), Set.of()));
    assertTrue(e.getMessage().startsWith("training.lambda must be >= 0, got -0.1 ("),
        e.getMessage());
    assertTrue(e.getMessage().contains("bad.conf: 3"), e.getMessage());
  }

  /** Three mistakes in one file are three lines in one run, each with its key and line. */
  @Test
  void everyProblemOfAConfIsReportedAtOnce(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("three.conf"), String.join("\n",
        "bnsweep {",
        "  no_such_key_anywhere = 1",
        "  training { lambda = -0.1 }",
        "  network { hidden = [50.7] }",
        "}", ""));
    BadSettings e = assertThrows(BadSettings.class,
        () -> Settings.load(file, List.of(), Set.of()));
    assertEquals(List.of("bnsweep.no_such_key_anywhere", "network.hidden", "training.lambda"),
        e.problems().stream().map(p -> ((BadSetting) p).path()).sorted().toList());
    assertEquals(List.of("three.conf: 2", "three.conf: 3", "three.conf: 4"), e.problems()
        .stream().map(p -> Path.of(((BadSetting) p).origin()).getFileName().toString())
        .sorted().toList());
    assertEquals(3, e.getMessage().lines().count(), e.getMessage());
  }

  /** Values that are each fine but wrong together are all reported, with their lines. */
  @Test
  void rulesBetweenValuesAreAllReported(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pair.conf"), String.join("\n",
        "bnsweep {",
        "  training { eta-min = 0.5, eta-max = 0.1 }",
        "  training { batch-size = 20000 }",
        "  data { training-size = 10000 }",
        "}", ""));
    BadSettings e = assertThrows(BadSettings.class,
        () -> Settings.load(file, List.of(), Set.of()));
    assertEquals(List.of("training.eta-min", "training.batch-size"), e.problems().stream()
        .map(p -> ((BadSetting) p).path()).toList());
    assertTrue(e.getMessage().contains("pair.conf: 2"), e.getMessage());
    assertTrue(e.getMessage().contains("pair.conf: 3"), e.getMessage());
  }
}
