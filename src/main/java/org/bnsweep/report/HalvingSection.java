package org.bnsweep.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bnsweep.results.StageType;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Successive halving: for each halving stage, every candidate's validation accuracy at the end of
 * each cycle it trained, a line from rung to rung, the survivors (trials that reached the last
 * rung) in colour and the stopped ones in grey.
 */
final class HalvingSection {
  static final String TITLE = "Successive halving";
  private static final Color STOPPED = new Color(170, 170, 170);

  private HalvingSection() {}

  static Section build(List<Trial> trials, Figures figures) {
    Map<String, List<Trial>> stages = trials.stream()
        .filter(t -> t.stageType().map(StageType::halving).orElse(false))
        .collect(Collectors.groupingBy(Trial::stage, LinkedHashMap::new, Collectors.toList()));
    if (stages.isEmpty()) {
      return Section.note(TITLE, "no halving stage in this sweep");
    }
    List<Block> blocks = new ArrayList<>();
    for (Map.Entry<String, List<Trial>> stage : stages.entrySet()) {
      List<Trial> ts = stage.getValue();
      long survivors = ts.stream().filter(Trial::ok).count();
      blocks.add(figures.save(chart(stage.getKey(), ts), "halving-" + stage.getKey() + ".png",
          "Stage " + stage.getKey() + ": validation accuracy at the end of each cycle of its "
              + ts.size() + " candidates; the " + survivors + " that reached the last rung in"
              + " colour, the stopped ones in grey."));
    }
    return new Section(TITLE, blocks);
  }

  private static XYChart chart(String stage, List<Trial> trials) {
    XYChart chart = Figures.lineChart("Stage " + stage + ": validation accuracy by rung",
        "cycles trained", "validation accuracy (%)");
    chart.getStyler().setLegendVisible(false);
    int i = 0;
    // Stopped trials first, so that the survivors' lines are drawn over them.
    List<Trial> ordered = new ArrayList<>(trials.stream().filter(t -> !t.ok()).toList());
    ordered.addAll(trials.stream().filter(Trial::ok).toList());
    for (Trial t : ordered) {
      List<Double> cycles = new ArrayList<>();
      List<Double> accuracy = new ArrayList<>();
      atCycleEnds(t, cycles, accuracy);
      if (cycles.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(t.trialId(), cycles, accuracy);
      Color c = t.ok() ? Figures.stageColor(i++) : STOPPED;
      s.setLineColor(c);
      s.setMarkerColor(c);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  /**
   * The validation accuracy (%) at the end of each cycle: the last curve point at or before
   * the cycle's last update, found by the epoch it falls in (2 x step-size updates a cycle).
   */
  private static void atCycleEnds(Trial t, List<Double> cycles, List<Double> accuracy) {
    Object step = t.param(HyperColumn.STEP_SIZE);
    Object batch = t.param(HyperColumn.BATCH_SIZE);
    if (!(step instanceof Number s) || !(batch instanceof Number b) || t.trainingSize() <= 0
        || !Double.isFinite(t.updates())) {
      return;
    }
    double epochsPerCycle = 2.0 * s.doubleValue() * b.doubleValue() / t.trainingSize();
    long trained = Math.round(t.updates() / (2.0 * s.doubleValue()));
    for (int c = 1; c <= trained; c++) {
      double end = c * epochsPerCycle;
      Epoch last = null;
      for (Epoch e : t.curve()) {
        if (e.epoch() <= Math.ceil(end - 1e-9)) {
          last = e;
        }
      }
      if (last != null && Double.isFinite(last.valAccuracy())) {
        cycles.add((double) c);
        accuracy.add(100 * last.valAccuracy());
      }
    }
  }
}
