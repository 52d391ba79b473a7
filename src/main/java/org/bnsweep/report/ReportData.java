package org.bnsweep.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.bnsweep.results.Json;

/**
 * The data of the interactive figures, written into the HTML page as JSON for
 * {@code report.js}: every trial (for the tooltips and the table that follows a brush) and, per
 * interactive figure the sections asked for, the points of its chart. The PNG of each figure is
 * drawn from the same trials, so the two cannot show different sweeps.
 */
final class ReportData {
  static final String BEST_ACCURACY = "bestAccuracy";
  static final String BEST_LOSS = "bestLoss";
  static final String LAMBDA = "lambda";
  static final String PARALLEL = "parallel";
  private static final String HEAT_MAP = "heatmap:";

  private ReportData() {}

  /** The key of the interactive heat map of {@code stage}. */
  static String heatMap(String stage) {
    return HEAT_MAP + stage;
  }

  /**
   * The page's data as JSON, safe inside a {@code <script>} element.
   *
   * @param compared the trials of the sweeps the page compares, by sweep name
   * @param charts the keys of the interactive figures on the page
   * @param running the running trials' heartbeat lines by trial id, for a live page
   */
  static String json(List<Trial> trials, Map<String, List<Trial>> compared, Set<String> charts,
      Map<String, String> running) {
    Map<String, Object> d = new LinkedHashMap<>();
    List<HyperColumn> swept = HyperColumn.swept(trials);
    List<Object> rows = new ArrayList<>();
    for (Trial t : trials) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", t.trialId());
      r.put("stage", t.stage());
      r.put("status", t.status().label());
      Map<String, String> params = new LinkedHashMap<>();
      swept.forEach(c -> params.put(c.label(), c.format(t.param(c))));
      r.put("params", params);
      r.put("val", Format.percent(t.valAccuracy()));
      r.put("test", Format.percent(t.testAccuracy()));
      rows.add(r);
    }
    d.put("trials", rows);
    d.put("running", running);
    Map<String, Object> figures = new LinkedHashMap<>();
    for (String key : charts) {
      Comparison.Scale scale = Comparison.Scale.ofKey(key);
      figures.put(key, scale != null ? Comparison.data(compared, scale)
          : chart(key, trials, swept));
    }
    d.put("charts", figures);
    // "</" would end the script element early; "<\/" is the same string to JSON.
    return Json.write(d).replace("</", "<\\/");
  }

  private static Object chart(String key, List<Trial> trials, List<HyperColumn> swept) {
    if (key.startsWith(HEAT_MAP)) {
      return heatMap(key.substring(HEAT_MAP.length()), trials);
    }
    return switch (key) {
      case PARALLEL -> parallel(SearchSection.tried(trials), swept);
      case LAMBDA -> lambda(trials);
      case BEST_ACCURACY, BEST_LOSS -> curves(BestSection.best(trials).orElseThrow(),
          key.equals(BEST_ACCURACY));
      default -> throw new IllegalArgumentException("no interactive figure " + key);
    };
  }

  /** One axis per swept parameter and one for validation accuracy; one line per trial. */
  private static Map<String, Object> parallel(List<Trial> finished, List<HyperColumn> swept) {
    List<Object> axes = new ArrayList<>();
    List<List<Object>> lines = new ArrayList<>();
    finished.forEach(t -> lines.add(new ArrayList<>()));
    for (HyperColumn c : swept) {
      List<Object> values = finished.stream().map(t -> t.param(c)).toList();
      boolean numeric = c.numeric() && values.stream().allMatch(Objects::nonNull)
          && (!c.logScale() || values.stream().allMatch(v -> c.number(v) > 0));
      Map<String, Object> axis = new LinkedHashMap<>();
      axis.put("name", c.label());
      axis.put("type", numeric ? (c.logScale() ? "log" : "value") : "category");
      if (!numeric) {
        axis.put("data", values.stream().distinct().sorted(c.order()).map(c::format).toList());
      }
      axes.add(axis);
      for (int i = 0; i < finished.size(); i++) {
        Object v = values.get(i);
        lines.get(i).add(numeric ? (Object) c.number(v) : c.format(v));
      }
    }
    axes.add(Map.of("name", "validation accuracy (%)", "type", "value"));
    for (int i = 0; i < finished.size(); i++) {
      lines.get(i).add(percent(finished.get(i).valAccuracy()));
    }
    return Map.of("axes", axes, "lines", lines,
        "ids", finished.stream().map(Trial::trialId).toList(),
        "best", BestSection.best(finished).map(Trial::trialId).orElse(""));
  }

  /** Validation accuracy against lambda, one series per search stage, and the best point. */
  private static Map<String, Object> lambda(List<Trial> trials) {
    Map<String, List<Trial>> search = LambdaSection.searchStages(trials);
    List<Object> series = new ArrayList<>();
    search.forEach((stage, ts) -> series.add(Map.of("name", "stage " + stage,
        "points", ts.stream().map(ReportData::lambdaPoint).toList())));
    Trial best = search.values().stream().flatMap(List::stream).sorted(Trial.BEST_FIRST)
        .findFirst().orElseThrow();
    return Map.of("series", series, "best", lambdaPoint(best));
  }

  private static List<Object> lambdaPoint(Trial t) {
    return List.of(t.lambda(), percent(t.valAccuracy()), t.trialId());
  }

  private static Map<String, Object> curves(Trial best, boolean accuracy) {
    List<Epoch> c = best.curve();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", best.trialId());
    m.put("epochs", c.stream().map(Epoch::epoch).toList());
    m.put("unit", accuracy ? "accuracy (%)" : "loss (cross-entropy)");
    m.put("training", c.stream().map(e -> accuracy ? percent(e.trainAccuracy()) : e.trainLoss())
        .toList());
    m.put("validation", c.stream().map(e -> accuracy ? percent(e.valAccuracy()) : e.valLoss())
        .toList());
    return m;
  }

  /**
   * The cells of a stage's grid of two swept parameters (trials another stage trained for it
   * included, as in the PNG): mean validation accuracy and trial count of each.
   */
  private static Map<String, Object> heatMap(String stage, List<Trial> trials) {
    List<Trial> own = trials.stream().filter(t -> t.stage().equals(stage)).toList();
    List<HyperColumn> axes = HyperColumn.swept(own);
    List<Trial> cells = SearchSection.finished(StageGrid.of(stage, trials));
    HyperColumn x = axes.get(0);
    HyperColumn y = axes.get(1);
    List<String> xs = cells.stream().map(t -> t.param(x)).distinct().sorted(x.order())
        .map(x::format).toList();
    List<String> ys = cells.stream().map(t -> t.param(y)).distinct().sorted(y.order())
        .map(y::format).toList();
    Map<List<String>, List<Trial>> byCell = cells.stream().collect(Collectors.groupingBy(
        t -> List.of(x.format(t.param(x)), y.format(t.param(y))), LinkedHashMap::new,
        Collectors.toList()));
    List<Object> values = new ArrayList<>();
    byCell.forEach((cell, ts) -> values.add(List.of(xs.indexOf(cell.get(0)),
        ys.indexOf(cell.get(1)),
        percent(ts.stream().mapToDouble(Trial::valAccuracy).average().orElseThrow()), ts.size(),
        ts.stream().map(Trial::trialId).collect(Collectors.joining(", ")))));
    return Map.of("x", Map.of("name", x.label(), "values", xs),
        "y", Map.of("name", y.label(), "values", ys), "cells", values);
  }

  /** An accuracy in percent, rounded to 0.01 as the tables print it. */
  static double percent(double accuracy) {
    return Double.isNaN(accuracy) ? Double.NaN : Math.round(10000 * accuracy) / 100.0;
  }
}
