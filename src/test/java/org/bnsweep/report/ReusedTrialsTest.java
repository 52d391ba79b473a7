package org.bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.bnsweep.params.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep trains each configuration once, so a stage that plans a configuration an earlier stage
 * trained has no row of its own for it. The reference sweep in miniature: stage fine trains
 * [50, 50] with BN at lambda 5e-3, stage final the same for 3 cycles, and stage depth's grid of
 * hidden x batch-norm at lambda 5e-3 and 2 cycles reuses fine's trial for [50, 50] with BN.
 */
class ReusedTrialsTest {
  private static final List<Integer> SHALLOW = List.of(50, 50);
  private static final List<Integer> DEEP = List.of(50, 30, 20, 20, 10, 10, 10, 10);
  private static final HyperColumn CYCLES = HyperColumn.values().stream()
      .filter(c -> c.column().equals("cycles")).findFirst().orElseThrow();

  /** A finished He trial trained for {@code cycles} cycles of 10 epochs each. */
  static Trial trial(String stage, String id, List<Integer> hidden, boolean bn, double lambda,
      long cycles, double valAccuracy) {
    List<Epoch> curve = new ArrayList<>();
    for (int e = 1; e <= 10 * cycles; e++) {
      curve.add(new Epoch(e, 2.0 / e, 2.1 / e, valAccuracy, valAccuracy));
    }
    Map<HyperColumn, Object> p = new LinkedHashMap<>();
    p.put(HyperColumn.HIDDEN, hidden);
    p.put(HyperColumn.BATCH_NORM, bn);
    p.put(HyperColumn.LAMBDA, lambda);
    p.put(HyperColumn.BATCH_SIZE, 100L);
    p.put(CYCLES, cycles);
    return new Trial(stage, id, TrialStatus.OK,
        null, hidden, hidden.size() + 1, bn, "he", Double.NaN,
        lambda, 45000, valAccuracy, valAccuracy - 0.01, 10, null, curve, p, 900 * cycles,
        Optional.empty());
  }

  /** Fine at three lambdas (one reused by depth), final at 3 cycles, depth's own 3 rows. */
  static List<Trial> reference() {
    return List.of(trial("fine", "fine-1e-3", SHALLOW, true, 1e-3, 2, 0.50),
        trial("fine", "fine-5e-3", SHALLOW, true, 5e-3, 2, 0.534),
        trial("fine", "fine-1e-2", SHALLOW, true, 1e-2, 2, 0.52),
        trial("final", "final-5e-3", SHALLOW, true, 5e-3, 3, 0.538),
        trial("depth", "depth-shallow-off", SHALLOW, false, 5e-3, 2, 0.52),
        trial("depth", "depth-deep-on", DEEP, true, 5e-3, 2, 0.50),
        trial("depth", "depth-deep-off", DEEP, false, 5e-3, 2, 0.45));
  }

  @Test
  void aCellTrainedByAnotherStageIsFilledFromItsRowAndTheFigureSaysSo(@TempDir Path out)
      throws IOException {
    List<Trial> trials = reference();
    // Only fine's trial has depth's shared settings (lambda 5e-3, 2 cycles) at [50, 50], BN on:
    // final's differs in cycles, fine's others in lambda.
    assertEquals(List.of("fine-5e-3"),
        StageGrid.borrowed("depth", trials).stream().map(Trial::trialId).toList());
    assertEquals(List.of(), StageGrid.borrowed("fine", trials), "one axis: nothing to fill");

    Section s = SearchSection.build(trials, new Figures(out));
    String caption = s.blocks().stream().filter(b -> b instanceof Block.Figure f
        && f.file().equals("heatmap-depth.png")).map(b -> ((Block.Figure) b).caption())
        .findFirst().orElseThrow();
    assertTrue(caption.contains("finished trials (4 trials)"), caption);
    assertTrue(caption.contains("hidden [50, 50], batch-norm on, trained in stage fine"
        + " (fine/fine-5e-3)"), caption);
    // 2 x 2 categories fill the plot box; [50, 50] is the left column, BN on the top row. Its
    // top-left corner is clear of the cell's text, and grey would mean no value ("n/a").
    BufferedImage image = ImageIO.read(out.resolve("heatmap-depth.png").toFile());
    assertNotEquals(Color.LIGHT_GRAY.getRGB(), image.getRGB(110, 60), "cell [50, 50] / on");

    // Filled, depth's grid is full, and the largest one: importance is computed on it.
    String text = s.blocks().stream().filter(Block.Text.class::isInstance)
        .map(b -> ((Block.Text) b).text()).collect(Collectors.joining("\n"));
    assertTrue(text.contains("computed instead on stage depth, the largest stage whose finished"
        + " trials form a full grid (2 hidden x 2 batch-norm, 4 trials, 1 of them trained in"
        + " stage fine and reused by it)"), text);
  }

  @Test
  void theDepthFigureComparesTrialsThatDifferInBatchNormAlone(@TempDir Path out) {
    List<Trial> trials = reference();
    Section s = DepthSection.build(trials, new Figures(out));
    String shallow = ((Block.Figure) s.blocks().get(0)).caption();
    // Not final's better BN on trial: it trained 3 cycles, depth's BN off trial 2.
    assertTrue(shallow.contains("BN on: fine/fine-5e-3") && shallow.contains(
        "BN off: depth/depth-shallow-off"), shallow);
    assertTrue(shallow.contains("differ in batch normalisation alone"), shallow);
    String deep = ((Block.Figure) s.blocks().get(1)).caption();
    assertTrue(deep.contains("BN on: depth/depth-deep-on") && deep.contains(
        "BN off: depth/depth-deep-off") && deep.contains("alone"), deep);

    // Without fine's trial no pair differs in BN alone: the closest one, and the caption says so.
    List<Trial> noFine = trials.stream().filter(t -> !t.stage().equals("fine")).toList();
    String unlike = ((Block.Figure) DepthSection.build(noFine, new Figures(out)).blocks().get(0))
        .caption();
    assertTrue(unlike.contains("BN on: final/final-5e-3") && unlike.contains("No BN on and BN"
        + " off trials here differ in batch normalisation alone; these two also differ in"
        + " cycles (3 vs 2)."), unlike);
  }

  @Test
  void ofLikeForLikePairsThatOfTheSectionsOwnStageIsPreferred(@TempDir Path out) {
    // Two stages at one BN setting each give a better pair at lambda 1e-3, but depth's own
    // grid pairs the two at lambda 1e-2.
    List<Trial> trials = new ArrayList<>(List.of(
        trial("on", "on-1e-3", SHALLOW, true, 1e-3, 2, 0.55),
        trial("off", "off-1e-3", SHALLOW, false, 1e-3, 2, 0.54),
        trial("depth", "depth-on", SHALLOW, true, 1e-2, 2, 0.50),
        trial("depth", "depth-off", SHALLOW, false, 1e-2, 2, 0.49),
        trial("depth", "depth-deep-on", DEEP, true, 1e-2, 2, 0.48),
        trial("depth", "depth-deep-off", DEEP, false, 1e-2, 2, 0.44)));
    String caption = ((Block.Figure) DepthSection.build(trials, new Figures(out)).blocks()
        .get(0)).caption();
    assertTrue(caption.contains("BN on: depth/depth-on") && caption.contains(
        "BN off: depth/depth-off"), caption);
  }

  @Test
  void theInitFiguresAndTablePairTrialsThatDifferInBatchNormAlone(@TempDir Path out) {
    // At sigma 1e-3 a BN on trial of another stage (lambda 1e-2) beats init's own at 5e-3.
    List<Trial> trials = List.of(sigma("init", "init-on", true, 5e-3, 0.52),
        sigma("init", "init-off", false, 5e-3, 0.38),
        sigma("lambdas", "lambdas-on", true, 1e-2, 0.55),
        sigma("lambdas", "lambdas-on-low", true, 1e-4, 0.51));
    Section s = InitSection.build(trials, new Figures(out));
    String figure = s.blocks().stream().filter(b -> b instanceof Block.Figure f
        && f.file().equals("loss-sigma-1e-03.png")).map(b -> ((Block.Figure) b).caption())
        .findFirst().orElseThrow();
    assertTrue(figure.contains("BN on: init/init-on") && figure.contains("alone"), figure);
    Block.Table table = (Block.Table) s.blocks().get(s.blocks().size() - 1);
    assertEquals(List.of(List.of("1e-03", "51.00 %", "37.00 %")), table.rows(), "init's pair");
  }

  /** A finished 3-layer trial with initial sigma 1e-3, otherwise as {@link #trial}. */
  private static Trial sigma(String stage, String id, boolean bn, double lambda, double acc) {
    Trial t = trial(stage, id, SHALLOW, bn, lambda, 2, acc);
    Map<HyperColumn, Object> p = new LinkedHashMap<>(t.params());
    p.put(HyperColumn.SIGMA, 1e-3);
    return new Trial(stage, id, TrialStatus.OK,
        null, SHALLOW, 3, bn, "1E-3", 1e-3, lambda, 45000, acc,
        acc - 0.01, 10, null, t.curve(), p, t.updates(), Optional.empty());
  }
}
