package org.bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimisation histories of the section that compares sweeps, on hand-made trials. */
class ComparisonTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A trial that started {@code start} s and ended {@code end} s after T0 (NaN: not recorded). */
  static Trial trial(String id, String status, double val, double seconds, double updates,
      double start, double end) {
    return new Trial("s", id, TrialStatus.ofLabel(status),
        null, List.of(50, 50), 3, true, "he", Double.NaN, 1e-3,
        45000, val, val, seconds, null, List.of(), SectionsTest.params(true, null, 1e-3),
        updates, Optional.empty(), Map.of(), Optional.empty(), at(start), at(end));
  }

  private static Optional<Instant> at(double s) {
    return Double.isNaN(s) ? Optional.empty() : Optional.of(T0.plusMillis((long) (1000 * s)));
  }

  /**
   * Trials listed in no time order: a ends at 50, b (stopped, higher accuracy)
   * at 30, c (started before a) at 80, d (failed) at 90, e at 120, f without an end time.
   */
  static List<Trial> trials() {
    return List.of(trial("a", "ok", 0.50, 40, 1000, 10, 50),
        trial("b", "stopped", 0.70, 25, 400, 5, 30),
        trial("c", "ok", 0.55, 60, 2000, 8, 80),
        trial("d", "failed", Double.NaN, 3, Double.NaN, 87, 90),
        trial("e", "ok", 0.52, 20, 500, 100, 120),
        trial("f", "ok", 0.90, 10, 100, 110, Double.NaN));
  }

  @Test
  void bestSoFarIsOfOkTrialsInEndOrderAgainstWhatEveryTrialSpent() {
    List<Comparison.Point> h = Comparison.history(trials());
    // b ended first but is stopped: it spends 25 s and 400 steps and sets no best, so the first
    // point is a's end; f has no end time and is left out, its 0.90 never shown.
    assertEquals(List.of("a", "c", "d", "e"), h.stream().map(Comparison.Point::trialId).toList());
    assertEquals(List.of(0.50, 0.55, 0.55, 0.55), h.stream().map(Comparison.Point::best).toList());
    assertEquals(List.of(65.0, 125.0, 128.0, 148.0),
        h.stream().map(Comparison.Point::trialSeconds).toList());
    // Wall time from the first start (b at 5 s) to each end.
    assertEquals(List.of(45.0, 75.0, 85.0, 115.0),
        h.stream().map(Comparison.Point::wallSeconds).toList());
    assertEquals(List.of(1400.0, 3400.0, 3400.0, 3900.0),
        h.stream().map(Comparison.Point::updates).toList());
  }

  @Test
  void sectionDrawsOneLinePerSweepOnEachScaleAndLeavesOutASweepWithoutABest(@TempDir Path out) {
    Map<String, List<Trial>> sweeps = new LinkedHashMap<>();
    sweeps.put("one", trials());
    sweeps.put("two", trials().subList(2, 5));
    sweeps.put("none", List.of(trial("x", "stopped", 0.6, 5, 10, 0, 5)));
    Section s = Comparison.build(sweeps, new Figures(out));
    List<Block.Figure> figures = s.blocks().stream().filter(Block.Figure.class::isInstance)
        .map(Block.Figure.class::cast).toList();
    assertEquals(List.of("history-trial-seconds.png", "history-wall.png", "history-updates.png"),
        figures.stream().map(Block.Figure::file).toList());
    for (Comparison.Scale scale : Comparison.Scale.values()) {
      assertEquals(List.of("one", "two"), List.copyOf(
          Comparison.chart(Comparison.histories(sweeps), scale).getSeriesMap().keySet()));
      assertTrue(Files.isRegularFile(out.resolve("history-" + scale.file + ".png")));
    }
    // Sweep two starts its clock at its own first trial (c at 8 s): c ends 72 s later.
    Map<String, Object> wall = Comparison.data(sweeps, Comparison.Scale.WALL);
    assertEquals("{name=two, points=[[72.0, 55.0, c], [82.0, 55.0, d], [112.0, 55.0, e]]}",
        ((List<?>) wall.get("series")).get(1).toString());
    assertTrue(s.blocks().get(0) instanceof Block.Text t && t.text().contains("Left out: 1 trial without"),
        s.blocks().get(0).toString());
  }

  /**
   * The figure draws only the history's corners, and the step line through them is the one
   * through every point: at each point's x, the last corner at or before it has that point's
   * best so far.
   */
  @Test
  void theFigureDrawsTheSameStepLineThroughItsCorners() {
    java.util.Random random = new java.util.Random(7);
    List<Comparison.Point> history = new java.util.ArrayList<>();
    double best = 0;
    double spent = 0;
    for (int i = 0; i < 2000; i++) {
      spent += random.nextDouble();
      best = Math.max(best, random.nextDouble() * Math.min(1, 0.5 + i / 4000.0));
      history.add(new Comparison.Point(spent, spent, i, best, "t" + i));
    }
    List<Comparison.Point> corners = Comparison.corners(history);
    assertTrue(corners.size() < history.size() / 20, corners.size() + " corners");
    assertEquals(history.get(0), corners.get(0));
    assertEquals(history.get(history.size() - 1), corners.get(corners.size() - 1));
    int c = 0;
    for (Comparison.Point p : history) {
      while (c + 1 < corners.size() && corners.get(c + 1).trialSeconds() <= p.trialSeconds()) {
        c++;
      }
      assertEquals(p.best(), corners.get(c).best(), "best so far at " + p.trialSeconds());
    }
  }

  /**
   * A promoted trial records the start of its last segment (p: 100 s to 130 s after 80 s of
   * training in all), a stopped halving row only its decision time (q: at 140 s, after 10 s of
   * training): the clock starts when p must have started, 50 s, not at 60 s (r's start).
   */
  @Test
  void wallTimeStartsWhenTheFirstTrialMustHaveStarted(@TempDir Path out) {
    List<Trial> ts = List.of(trial("r", "ok", 0.4, 10, 100, 60, 70),
        trial("p", "ok", 0.5, 80, 300, 100, 130), trial("q", "stopped", 0.3, 10, 50, 140, 140));
    assertEquals(List.of(20.0, 80.0, 90.0), Comparison.history(ts).stream()
        .map(Comparison.Point::wallSeconds).toList());
    Section s = Comparison.build(Map.of("x", ts), new Figures(out));
    assertTrue(s.blocks().get(0) instanceof Block.Text t
        && t.text().contains(" 1 row (stopped halving trials) carry only the time of the"
            + " decision"), s.blocks().get(0).toString());
  }

  @Test
  void noSweepWithABestLeavesTheSectionOut(@TempDir Path out) {
    Section s = Comparison.build(Map.of("x", List.of(trial("x", "stopped", 0.6, 5, 10, 0, 5))),
        new Figures(out));
    assertTrue(s.empty());
  }
}
