package org.bnsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Optimisation history: the best validation accuracy found so far against the update steps spent,
 * counting the {@code updates} of every trial in the order the trials started. One step line per
 * stage type (per stage in tables without a {@code stage_type} column), each stepping up when a
 * trial of its own group improves on that group's best, and a dashed line for the whole sweep.
 */
final class History {
  private History() {}

  /** Best-so-far points of one group: x the sweep's cumulative updates, y accuracy in %. */
  record Line(List<Double> updates, List<Double> best) {}

  /**
   * The lines of {@code trials} (all statuses, in start order; failed trials spend updates too),
   * by group in first-start order, and {@code all} for the whole sweep last. A trial without an
   * update count adds none.
   */
  static Map<String, Line> lines(List<Trial> trials, String all) {
    Map<String, Line> lines = new LinkedHashMap<>();
    Map<String, Double> best = new LinkedHashMap<>();
    Line sweep = new Line(new ArrayList<>(), new ArrayList<>());
    double spent = 0;
    double sweepBest = Double.NEGATIVE_INFINITY;
    for (Trial t : trials) {
      spent += Double.isNaN(t.updates()) ? 0 : t.updates();
      if (!t.ok() || Double.isNaN(t.valAccuracy())) {
        continue;
      }
      String group = t.historyGroup();
      double b = Math.max(best.getOrDefault(group, Double.NEGATIVE_INFINITY), t.valAccuracy());
      best.put(group, b);
      Line line = lines.computeIfAbsent(group, g -> new Line(new ArrayList<>(),
          new ArrayList<>()));
      line.updates().add(spent);
      line.best().add(100 * b);
      sweepBest = Math.max(sweepBest, t.valAccuracy());
      sweep.updates().add(spent);
      sweep.best().add(100 * sweepBest);
    }
    if (!lines.isEmpty()) {
      lines.put(all, sweep);
    }
    return lines;
  }

  /** The chart of {@link #lines}; {@code by} names what the lines are ("stage type"). */
  static XYChart chart(Map<String, Line> lines, String by, String all) {
    XYChart chart = Figures.lineChart("Best validation accuracy so far",
        "update steps spent (all trials, in start order)", "best validation accuracy (%)");
    chart.getStyler().setXAxisDecimalPattern("#,###");
    Figures.legendAtSide(chart);
    int i = 0;
    for (Map.Entry<String, Line> e : lines.entrySet()) {
      boolean sweep = e.getKey().equals(all);
      XYSeries s = chart.addSeries(sweep ? all : by + " " + e.getKey(), e.getValue().updates(),
          e.getValue().best());
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
      Color c = sweep ? Palette.INK : Figures.stageColor(i++);
      s.setLineColor(c);
      s.setMarkerColor(c);
      s.setMarker(sweep ? SeriesMarkers.NONE : Figures.stageMarker(i - 1));
      s.setLineStyle(sweep ? Figures.DASHED : new BasicStroke(2f));
    }
    return chart;
  }
}
