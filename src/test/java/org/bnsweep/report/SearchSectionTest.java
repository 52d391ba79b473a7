package org.bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.StageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hyperparameter search section and the trials table on hand-made trials, without Spark:
 * which parameters count as swept, the functional ANOVA, the history, and when heat maps appear.
 */
class SearchSectionTest {
  /** Exact arithmetic on a few doubles: only rounding separates the sides. */
  private static final double EXACT = 1e-12;

  /** A finished 3-layer BN trial of {@code stage} at (lambda, sigma) spending 800 updates. */
  static Trial trial(String stage, Optional<StageType> type, double lambda, Double sigma,
      double valAccuracy) {
    return new Trial(stage, stage + "-" + lambda + "-" + sigma, TrialStatus.OK,
        null, List.of(50, 50), 3,
        true, sigma == null ? "he" : sigma.toString(), sigma == null ? Double.NaN : sigma,
        lambda, 45000, valAccuracy, valAccuracy, 10, null, List.of(),
        SectionsTest.params(true, sigma, lambda), 800, type);
  }

  /** A full grid, accuracy = base + lambda effect + sigma effect (+ interaction at one cell). */
  static List<Trial> grid(String stage, double[] lambdas, double[] lambdaEffect, Double[] sigmas,
      double[] sigmaEffect, double interaction) {
    List<Trial> trials = new ArrayList<>();
    for (int l = 0; l < lambdas.length; l++) {
      for (int s = 0; s < sigmas.length; s++) {
        double acc = 0.4 + lambdaEffect[l] + sigmaEffect[s] + (l == 0 && s == 0 ? interaction
            : 0);
        trials.add(trial(stage, Optional.empty(), lambdas[l], sigmas[s], acc));
      }
    }
    return trials;
  }

  private static double variance(double[] xs) {
    double mean = java.util.Arrays.stream(xs).average().orElseThrow();
    return java.util.Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).average().orElseThrow();
  }

  @Test
  void heIsAValueOfSigmaAndAConstantIsNotSwept() {
    List<Trial> he = List.of(trial("a", Optional.empty(), 1e-3, null, 0.5),
        trial("a", Optional.empty(), 1e-2, null, 0.4));
    assertEquals(List.of(HyperColumn.LAMBDA), HyperColumn.swept(he));
    List<Trial> mixed = List.of(he.get(0), trial("a", Optional.empty(), 1e-3, 1e-2, 0.4));
    assertEquals(List.of(HyperColumn.SIGMA), HyperColumn.swept(mixed));
  }

  @Test
  void additiveGridSplitsItsVarianceByTheEffectsVariances() {
    double[] lambdaEffect = {0.03, 0.06, 0.04, -0.10};
    double[] sigmaEffect = {0.05, 0.03, 0.0};
    List<Trial> trials = grid("g", new double[] {1e-4, 1e-3, 1e-2, 1e-1}, lambdaEffect,
        new Double[] {null, 1e-2, 1e-3}, sigmaEffect, 0);
    Importance.Grid g = Importance.ofFullGrid(trials).orElseThrow();
    double total = variance(lambdaEffect) + variance(sigmaEffect);
    assertEquals(variance(lambdaEffect) / total, g.shares().get(HyperColumn.LAMBDA), EXACT);
    assertEquals(variance(sigmaEffect) / total, g.shares().get(HyperColumn.SIGMA), EXACT);
    assertEquals(0, g.interactions(), EXACT);
    assertEquals(Map.of(HyperColumn.LAMBDA, 4, HyperColumn.SIGMA, 3), g.levels());
  }

  @Test
  void aPureInteractionHasNoMainEffect() {
    // XOR-like: accuracy high when exactly one parameter is at its first value.
    List<Trial> trials = List.of(trial("g", Optional.empty(), 1e-3, null, 0.5),
        trial("g", Optional.empty(), 1e-3, 1e-2, 0.4),
        trial("g", Optional.empty(), 1e-2, null, 0.4),
        trial("g", Optional.empty(), 1e-2, 1e-2, 0.5));
    Importance.Grid g = Importance.ofFullGrid(trials).orElseThrow();
    assertEquals(0, g.shares().get(HyperColumn.LAMBDA), EXACT);
    assertEquals(0, g.shares().get(HyperColumn.SIGMA), EXACT);
    assertEquals(1, g.interactions(), EXACT);
  }

  @Test
  void aMissingCellMeansNoFullGridAndTheLargestFullStageIsUsedInstead() {
    List<Trial> grid = grid("wide", new double[] {1e-4, 1e-3, 1e-2}, new double[] {0, 0.1, 0},
        new Double[] {null, 1e-2}, new double[] {0, 0.02}, 0);
    List<Trial> holed = new ArrayList<>(grid.subList(1, grid.size()));
    assertTrue(Importance.ofFullGrid(holed).isEmpty(), "5 of 6 cells is not a full grid");

    List<Trial> small = List.of(trial("small", Optional.empty(), 1e-5, null, 0.3),
        trial("small", Optional.empty(), 1e-1, null, 0.2));
    List<Trial> sweep = new ArrayList<>(grid);
    sweep.addAll(small);
    String text = text(Importance.blocks(sweep));
    assertTrue(text.contains("not a full grid of its 2 swept parameters"), text);
    assertTrue(text.contains("computed instead on stage wide"), text);
    assertTrue(text.contains("Hutter, Hoos and Leyton-Brown 2014"), text);

    List<Trial> none = new ArrayList<>(holed);
    none.add(trial("small", Optional.empty(), 1e-5, 1e-3, 0.3));
    none.add(trial("small", Optional.empty(), 1e-1, null, 0.3));
    String nothing = text(Importance.blocks(none));
    assertTrue(nothing.contains("parameter importance cannot be computed"), nothing);
  }

  @Test
  void historyGroupsByStageTypeWhenPresentAndCountsEveryTrialsUpdates() {
    Trial failed = new Trial("coarse", "f", TrialStatus.FAILED,
        "boom", List.of(50, 50), 3, true, "he",
        Double.NaN, 1e-2, 45000, Double.NaN, Double.NaN, 5, null, List.of(),
        SectionsTest.params(true, null, 1e-2), 300, Optional.of(StageType.of("grid")));
    List<Trial> trials = List.of(trial("coarse", Optional.of(StageType.of("grid")), 1e-3, null, 0.4),
        failed, trial("coarse", Optional.of(StageType.of("grid")), 1e-4, null, 0.3),
        trial("fine", Optional.of(StageType.of("refine")), 2e-3, null, 0.45),
        trial("fine", Optional.of(StageType.of("refine")), 3e-3, null, 0.42));
    Map<String, History.Line> lines = History.lines(trials, "all");
    assertEquals(List.of("grid", "refine", "all"), List.copyOf(lines.keySet()));
    assertEquals(List.of(800.0, 1900.0), lines.get("grid").updates(), "failed trial's 300 too");
    assertEquals(List.of(40.0, 40.0), lines.get("grid").best());
    assertEquals(List.of(2700.0, 3500.0), lines.get("refine").updates());
    assertEquals(List.of(45.0, 45.0), lines.get("refine").best());
    assertEquals(List.of(40.0, 40.0, 45.0, 45.0), lines.get("all").best());
  }

  @Test
  void twoAxisStagesGetHeatMapsWithTheirRefinementsMarked(@TempDir Path out)
      throws IOException {
    List<Trial> trials = new ArrayList<>(grid("wide", new double[] {1e-4, 1e-3, 1e-2},
        new double[] {0, 0.1, 0}, new Double[] {null, 1e-2}, new double[] {0, 0.02}, 0));
    // A later stage between the grid's values (and one beyond them), and one of lambda only.
    trials.add(trial("zoom", Optional.empty(), 5e-4, 3e-2, 0.45));
    trials.add(trial("zoom", Optional.empty(), 2e-3, 5e-3, 0.46));
    trials.add(trial("line", Optional.empty(), 2e-3, 1e-2, 0.46));
    trials.add(trial("line", Optional.empty(), 3e-3, 1e-2, 0.47));
    Section s = SearchSection.build(trials, new Figures(out));
    List<String> files = s.blocks().stream().filter(Block.Figure.class::isInstance)
        .map(b -> ((Block.Figure) b).file()).toList();
    assertEquals(List.of("parallel.png", "history.png", "heatmap-wide.png", "heatmap-zoom.png"),
        files);
    String captions = text(s.blocks());
    assertTrue(captions.contains("Marked: the finished trials of zoom, later stages"), captions);
    for (String f : files) {
      BufferedImage image = ImageIO.read(out.resolve(f).toFile());
      assertEquals(Figures.WIDTH, image.getWidth(), f);
    }
  }

  @Test
  void trialsTableIsSortableWithASweptParameterPerColumnAndTheRestListedOnce() {
    List<Trial> trials = List.of(trial("a", Optional.of(StageType.of("grid")), 1e-3, null, 0.5),
        trial("a", Optional.of(StageType.of("grid")), 1e-2, null, 0.4));
    Section s = TrialsSection.build(trials);
    Block.Table table = (Block.Table) s.blocks().get(1);
    assertTrue(table.sortable());
    assertEquals(List.of("stage", "stage type", "trial", "lambda", "status",
        "validation accuracy", "test accuracy", "seconds"), table.header());
    assertEquals("1e-02", table.rows().get(1).get(3));
    String same = ((Block.Text) s.blocks().get(0)).text();
    assertTrue(same.contains("sigma he") && same.contains("batch-size 100")
        && !same.contains("lambda"), same);
  }

  @Test
  void manyValuesGetRoundTicksAndHeKeepsItsOwn() {
    List<Double> sigmas = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      sigmas.add(Math.pow(10, -5 + i / 5.0));
    }
    List<Object> values = new ArrayList<>(sigmas);
    values.add(null);
    PlotAxis axis = new PlotAxis(HyperColumn.SIGMA, values);
    assertEquals(List.of("he", "1e-05", "1e-04", "1e-03", "1e-02", "1e-01"),
        axis.ticks().stream().map(PlotAxis.Tick::label).toList());
    assertTrue(axis.coordinate(null) < axis.coordinate(1e-5), "He below the smallest sigma");
    assertFalse(axis.accepts("text"));
  }

  private static String text(List<Block> blocks) {
    return blocks.stream().map(b -> b instanceof Block.Text t ? t.text()
        : b instanceof Block.Figure f ? f.caption() : ((Block.Table) b).caption())
        .collect(Collectors.joining("\n"));
  }
}
