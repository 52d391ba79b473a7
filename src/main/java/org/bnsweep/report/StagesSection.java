package org.bnsweep.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * The best trial of each stage side by side: what a search found against the networks it is
 * meant to beat (a sweep that trains the course's 3-layer network in a stage of its own shows the
 * winner against it), or what each refinement added. Chosen on validation accuracy, as the best
 * trial is; the test accuracy is shown, never used.
 */
final class StagesSection {
  static final String TITLE = "Best of each stage";
  static final String FIGURE = "stages-best.png";

  private StagesSection() {}

  /** The best finished trial of each stage, stages in the order their first trial appears. */
  static Map<String, Trial> bestByStage(List<Trial> trials) {
    Map<String, Trial> best = new LinkedHashMap<>();
    for (Trial t : SearchSection.finished(trials)) {
      best.merge(t.stage(), t, (a, b) -> Trial.BEST_FIRST.compare(a, b) <= 0 ? a : b);
    }
    return best;
  }

  static Section build(List<Trial> trials, Figures figures) {
    Map<String, Trial> best = bestByStage(trials);
    if (best.size() < 2) {
      return Section.note(TITLE, "fewer than two stages with a finished trial");
    }
    List<HyperColumn> swept = HyperColumn.swept(trials);
    List<List<String>> rows = new ArrayList<>();
    for (Trial t : best.values()) {
      rows.add(List.of(t.stage(), t.trialId(), HyperColumn.HIDDEN.format(t.hidden()),
          settings(t, swept), String.valueOf(t.curve().size()), Format.percent(t.valAccuracy()),
          Format.percent(t.testAccuracy()), Format.seconds(t.seconds())));
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block.Text("The trial with the highest validation accuracy of each stage."));
    blocks.add(new Block.Table("Best of each stage", List.of("stage", "trial", "hidden",
        "other settings", "epochs", "validation", "test", "seconds"), rows));
    XYChart chart = Figures.lineChart("Best of each stage: validation accuracy per epoch",
        "epoch", "validation accuracy (%)");
    int i = 0;
    for (Trial t : best.values()) {
      Figures.addCurve(chart, t.stage() + " " + HyperColumn.HIDDEN.format(t.hidden()),
          t.curve(), e -> 100 * e.valAccuracy(), Figures.stageColor(i++), false);
    }
    Figures.legendAtSide(chart);
    if (!chart.getSeriesMap().isEmpty()) {
      blocks.add(figures.save(chart, FIGURE, "Validation accuracy per epoch of the best trial of"
          + " each stage."));
    }
    return new Section(TITLE, blocks);
  }

  /** The settings the sweep varies, other than the widths: "lambda 1e-03, dropout 0.2". */
  private static String settings(Trial t, List<HyperColumn> swept) {
    List<String> parts = new ArrayList<>();
    for (HyperColumn c : swept) {
      if (c != HyperColumn.HIDDEN && t.param(c) != null) {
        parts.add(c.label() + " " + c.format(t.param(c)));
      }
    }
    return String.join(", ", parts);
  }
}
