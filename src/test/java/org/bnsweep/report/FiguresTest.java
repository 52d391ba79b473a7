package org.bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figures drawn on writer threads ({@link Figures#concurrent}), as the report draws them. */
class FiguresTest {

  static Map<String, List<Trial>> sweeps() {
    Map<String, List<Trial>> sweeps = new LinkedHashMap<>();
    sweeps.put("one", ComparisonTest.trials());
    sweeps.put("two", ComparisonTest.trials().subList(2, 5));
    return sweeps;
  }

  @Test
  void concurrentFiguresAreTheBytesOfFiguresDrawnOneByOne(@TempDir Path dir) throws Exception {
    Path one = Files.createDirectory(dir.resolve("one-by-one"));
    Path concurrent = Files.createDirectory(dir.resolve("concurrent"));
    Section a = Comparison.build(sweeps(), new Figures(one));
    Figures figures = Figures.concurrent(concurrent);
    Section b = Comparison.build(sweeps(), figures);
    figures.finish();
    assertEquals(a, b);
    List<String> files = a.blocks().stream().filter(Block.Figure.class::isInstance)
        .map(f -> ((Block.Figure) f).file()).toList();
    assertEquals(3, files.size(), "the three history figures");
    for (String f : files) {
      assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(concurrent.resolve(f)),
          f);
    }
  }

  @Test
  void finishWaitsForEveryFigureAndRethrowsAFailedOne(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-folder");
    Figures figures = Figures.concurrent(missing);
    Comparison.build(sweeps(), figures);
    UncheckedIOException e = assertThrows(UncheckedIOException.class, figures::finish);
    assertTrue(e.getMessage().startsWith("cannot write figure " + missing), e.getMessage());
    // Each of the three figures failed: one thrown, the others suppressed in it.
    assertEquals(2, e.getSuppressed().length);
    assertFalse(Files.exists(missing));
  }
}
