package org.bnsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void defaultsAreTheCourseSettings() {
    Settings s = Settings.defaults();
    assertEquals(List.of(50, 50), s.network().hidden());
    assertEquals(0.005, s.training().lambda());
    assertEquals(2250, s.training().stepSizeFor(45_000)); // 5 * 45,000 / 100
    assertEquals(45_000, s.data().trainingSize());
  }

  @Test
  void overridesWinOverTheFileWhichWinsOverTheReference(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("x.conf"),
        "bnsweep { training { lambda = 0.1, cycles = 3 } }");
    Settings s = Settings.load(file, List.of("training.lambda=0.2"), Set.of());
    assertEquals(0.2, s.training().lambda());
    assertEquals(3, s.training().cycles());
  }

  @Test
  void aMistypedKeyFailsWithItsOrigin(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("typo.conf"),
        "bnsweep {\n  training {\n    lamda = 0.1\n  }\n}\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> Settings.load(file, List.of(), Set.of()));
    assertTrue(e.getMessage().contains("training.lamda"), e.getMessage());
    assertTrue(e.getMessage().contains("typo.conf: 3"), e.getMessage());
  }

  @Test
  void aWrongTypeFailsWithItsOrigin() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Settings.load(null, List.of("training.batch-size=lots"), Set.of()));
    assertTrue(e.getMessage().contains("batch-size"), e.getMessage());
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
}
