package org.bnsweep.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Validation accuracy against lambda, one series per search stage (coarse, fine), and the best
 * trial of the search (its curves are in {@link BestSection}).
 *
 * <p>A stage counts as a lambda search when its finished trials try at least two lambdas; this
 * keeps a final retraining at one lambda, or the depth and initialisation stages of a combined
 * sweep, out of the scatter. Their trials at the best lambda are listed under it instead.
 */
final class LambdaSection {
  static final String TITLE = "Lambda search";

  private LambdaSection() {}

  static Section build(List<Trial> trials, Figures figures) {
    Map<String, List<Trial>> search = searchStages(trials);
    if (search.isEmpty()) {
      return Section.note(TITLE, "no lambda search in this sweep (no stage has finished trials"
          + " at two or more lambdas > 0)");
    }
    Trial best = search.values().stream().flatMap(List::stream).sorted(Trial.BEST_FIRST)
        .findFirst().orElseThrow();
    List<Block> blocks = new ArrayList<>();
    blocks.add(figures.save(scatter(search, best), "lambda-search.png",
        "Validation accuracy against lambda (log scale), one series per stage ("
            + String.join(", ", search.keySet()) + "); the best trial is marked in red (lambda "
            + Format.sci(best.lambda()) + ", validation accuracy "
            + Format.percent(best.valAccuracy()) + ").").interactive(ReportData.LAMBDA));
    blocks.add(new Block.Text("Best trial of the search: " + best.summary() + "."));
    atBestLambda(trials, search, best).ifPresent(blocks::add);
    return new Section(TITLE, blocks);
  }

  /** Stages, in table order, whose finished trials with lambda > 0 try two or more lambdas. */
  static Map<String, List<Trial>> searchStages(List<Trial> trials) {
    Map<String, List<Trial>> byStage = trials.stream()
        .filter(t -> t.ok() && t.lambda() > 0 && Double.isFinite(t.valAccuracy()))
        .collect(Collectors.groupingBy(Trial::stage, LinkedHashMap::new, Collectors.toList()));
    byStage.values().removeIf(ts -> ts.stream().mapToDouble(Trial::lambda).distinct().count() < 2);
    return byStage;
  }

  private static XYChart scatter(Map<String, List<Trial>> search, Trial best) {
    XYChart chart = Figures.lineChart("Validation accuracy against lambda", "lambda (log scale)",
        "validation accuracy (%)");
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("0E0");
    chart.getStyler().setMarkerSize(9);
    int i = 0;
    for (Map.Entry<String, List<Trial>> stage : search.entrySet()) {
      List<Trial> ts = stage.getValue();
      XYSeries s = chart.addSeries("stage " + stage.getKey() + " (" + ts.size() + " trials)",
          ts.stream().map(Trial::lambda).toList(),
          ts.stream().map(t -> 100 * t.valAccuracy()).toList());
      style(s, Figures.stageColor(i), Figures.stageMarker(i));
      i++;
    }
    String label = "best: lambda " + Format.sci(best.lambda()) + ", "
        + Format.percent(best.valAccuracy());
    XYSeries b = chart.addSeries(label, List.of(best.lambda()),
        List.of(100 * best.valAccuracy()));
    style(b, Palette.BEST, SeriesMarkers.CIRCLE);
    // The label is the best series' legend entry, below the plot: a label inside the plot
    // would cover the points next to the best one, and a flat top has many.
    if (search.size() > 3) {
      Figures.legendAtSide(chart);
    }
    return chart;
  }

  private static void style(XYSeries s, Color c, Marker m) {
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    s.setMarker(m);
    s.setMarkerColor(c);
    s.setLineColor(c);
  }

  /** Finished trials outside the search at the best lambda, such as a final retraining. */
  private static Optional<Block> atBestLambda(List<Trial> trials,
      Map<String, List<Trial>> search, Trial best) {
    List<List<String>> rows = trials.stream()
        .filter(t -> t.ok() && !search.containsKey(t.stage())
            && Math.abs(t.lambda() - best.lambda()) <= 1e-9 * best.lambda())
        .map(t -> List.of(t.stage(), t.trialId(), String.valueOf(t.trainingSize()),
            Format.percent(t.valAccuracy()), Format.percent(t.testAccuracy())))
        .toList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Block.Table("Trials of other stages at the best lambda",
        List.of("stage", "trial", "training images", "validation accuracy", "test accuracy"),
        rows));
  }
}
