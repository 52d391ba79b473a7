package org.bnsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The section that compares sweeps of one table: the optimisation history of each sweep, the
 * best validation accuracy found so far against what the sweep had spent, on three scales
 * (trial-seconds, wall time, update steps), one step line per sweep.
 *
 * <p>Trials are taken in the order they ended, since a trial's accuracy is known only then.
 * Every trial spends (stopped, diverged and failed ones too: they used the budget); only
 * {@code ok} trials set the best, as Optuna's {@code plot_optimization_history} counts only
 * complete trials: a trial stopped at a halving rung was trained for fewer cycles, and no
 * search hands it back as its answer. A trial whose row has no {@code ended_at} has no place in
 * that order and is left out (the caption counts them).
 */
final class Comparison {
  static final String TITLE = "Sweeps compared";
  private static final String KEY = "history:";

  private Comparison() {}

  /**
   * What a sweep has spent by the time one of its trials ended, and its best validation accuracy
   * so far (a fraction, as the table has it).
   */
  record Point(double trialSeconds, double wallSeconds, double updates, double best,
      String trialId) {}

  /** The three x axes of the comparison. */
  enum Scale {
    TRIAL_SECONDS("trial-seconds", "trial-seconds spent (sum of the trials' seconds)",
        Point::trialSeconds),
    WALL("wall", "wall seconds since the sweep's first trial started", Point::wallSeconds),
    UPDATES("updates", "update steps spent (all trials)", Point::updates);

    final String file;
    final String label;
    final ToDoubleFunction<Point> x;

    Scale(String file, String label, ToDoubleFunction<Point> x) {
      this.file = file;
      this.label = label;
      this.x = x;
    }

    /** The key of the page's interactive figure on this scale. */
    String key() {
      return KEY + file;
    }

    static Scale ofKey(String key) {
      for (Scale s : values()) {
        if (s.key().equals(key)) {
          return s;
        }
      }
      return null;
    }
  }

  /**
   * The history of one sweep: a point at the end of every trial from the first {@code ok}
   * trial with a validation accuracy on (before it there is no best to draw).
   */
  static List<Point> history(List<Trial> trials) {
    List<Trial> ended = trials.stream().filter(t -> t.endedAt().isPresent())
        .sorted(Comparator.comparing((Trial t) -> t.endedAt().get())).toList();
    Instant first = trials.stream().flatMap(t -> earliestStart(t).stream())
        .min(Comparator.naturalOrder()).orElse(null);
    List<Point> points = new ArrayList<>();
    double seconds = 0;
    double updates = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (Trial t : ended) {
      seconds += Double.isNaN(t.seconds()) ? 0 : t.seconds();
      updates += Double.isNaN(t.updates()) ? 0 : t.updates();
      if (t.ok() && Double.isFinite(t.valAccuracy())) {
        best = Math.max(best, t.valAccuracy());
      }
      if (best > Double.NEGATIVE_INFINITY) {
        double wall = first == null ? Double.NaN
            : Duration.between(first, t.endedAt().get()).toMillis() / 1000.0;
        points.add(new Point(seconds, wall, updates, best, t.trialId()));
      }
    }
    return points;
  }

  /**
   * The latest time the trial can have started: its {@code started_at}, or {@code ended_at}
   * minus its {@code seconds} when that is earlier. A trial resumed from a checkpoint (a
   * promoted halving trial) records the start of its last segment while its seconds count
   * every segment, and a stopped halving row carries only the time of the decision that wrote
   * it; without this the sweep's clock would start after its first trials had trained.
   */
  static Optional<Instant> earliestStart(Trial t) {
    Optional<Instant> trained = t.endedAt().filter(e -> Double.isFinite(t.seconds()))
        .map(e -> e.minusMillis(Math.round(1000 * t.seconds())));
    if (t.startedAt().isEmpty() || trained.isEmpty()) {
      return t.startedAt().isPresent() ? t.startedAt() : trained;
    }
    return Optional.of(trained.get().isBefore(t.startedAt().get()) ? trained.get()
        : t.startedAt().get());
  }

  /**
   * Whether the row's one time is that of the decision that wrote it rather than of its
   * training: a halving stage writes a stopped trial's row when it stops it, with
   * {@code started_at} = {@code ended_at}, though the trial trained for {@code seconds} before.
   */
  static boolean stampedAtDecision(Trial t) {
    return t.startedAt().isPresent() && t.startedAt().equals(t.endedAt()) && t.seconds() > 0;
  }

  /** The histories of the sweeps that have one, in the order given. */
  static Map<String, List<Point>> histories(Map<String, List<Trial>> sweeps) {
    Map<String, List<Point>> h = new LinkedHashMap<>();
    sweeps.forEach((name, trials) -> {
      List<Point> points = history(trials);
      if (!points.isEmpty()) {
        h.put(name, points);
      }
    });
    return h;
  }

  static Section build(Map<String, List<Trial>> sweeps, Figures figures) {
    Map<String, List<Point>> histories = histories(sweeps);
    if (histories.isEmpty()) {
      return Section.note(TITLE, sweeps.isEmpty() ? "no sweeps to compare"
          : "no ok trial with a validation accuracy and an ended_at time in the sweeps compared");
    }
    long undated = sweeps.values().stream().flatMap(List::stream)
        .filter(t -> t.endedAt().isEmpty()).count();
    long stamped = sweeps.values().stream().flatMap(List::stream)
        .filter(Comparison::stampedAtDecision).count();
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block.Text("The optimisation history of " + (histories.size() == 1
        ? "sweep " + histories.keySet().iterator().next()
        : "each of the sweeps " + String.join(", ", histories.keySet()))
        + ": the best validation accuracy of its ok trials so far, in the order the trials"
        + " ended, against what all its trials had spent by then (stopped, diverged and failed"
        + " trials spend but never set the best, as in Optuna's optimisation history)."
        + " Wall time runs from the sweep's first start, the earliest started_at or ended_at"
        + " minus seconds of its trials (a resumed trial records its last segment's start)."
        + (undated == 0 ? "" : " Left out: " + undated
        + (undated == 1 ? " trial" : " trials") + " without an ended_at time.")
        + (stamped == 0 ? "" : " " + stamped + (stamped == 1 ? " row" : " rows")
        + " (stopped halving trials) carry only the time of the decision that wrote them, not"
        + " of their training: their seconds and updates count from then, so before it the"
        + " line of their sweep sits left of what that sweep had really spent.")));
    for (Scale s : Scale.values()) {
      blocks.add(figures.save(chart(histories, s), "history-" + s.file + ".png",
          "Best validation accuracy so far against " + s.label + ", one line per sweep; each"
              + " line ends where its sweep's last trial ended.").interactive(s.key()));
    }
    return new Section(TITLE, blocks);
  }

  static XYChart chart(Map<String, List<Point>> histories, Scale scale) {
    XYChart chart = Figures.lineChart("Best validation accuracy so far, by sweep", scale.label,
        "best validation accuracy (%)");
    chart.getStyler().setXAxisDecimalPattern("#,###");
    Figures.legendAtSide(chart);
    int i = 0;
    for (Map.Entry<String, List<Point>> e : histories.entrySet()) {
      List<Point> points = corners(e.getValue().stream()
          .filter(p -> Double.isFinite(scale.x.applyAsDouble(p))).toList());
      if (points.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(e.getKey(),
          points.stream().map(p -> scale.x.applyAsDouble(p)).toList(),
          points.stream().map(p -> 100 * p.best()).toList());
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
      Color c = Figures.stageColor(i);
      s.setLineColor(c);
      s.setMarkerColor(c);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineStyle(new BasicStroke(2.5f));
      i++;
    }
    return chart;
  }

  /**
   * The points where a history's step line turns: its first, each that raises the best, and
   * its last. The step line through them is the one through all points, and a sweep of 10,000
   * trials draws a few dozen points instead of 10,000 (XChart formats and draws each: most of
   * a 10,000-trial report's time went there).
   */
  static List<Point> corners(List<Point> history) {
    List<Point> kept = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Point p = history.get(i);
      if (kept.isEmpty() || i == history.size() - 1
          || p.best() > kept.get(kept.size() - 1).best()) {
        kept.add(p);
      }
    }
    return kept;
  }

  /**
   * The page's data of the figure on {@code scale}: per sweep, points [x, best so far in %
   * rounded as the tables print it, the trial that ended there].
   */
  static Map<String, Object> data(Map<String, List<Trial>> sweeps, Scale scale) {
    List<Object> series = new ArrayList<>();
    histories(sweeps).forEach((name, points) -> {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("name", name);
      line.put("points", points.stream().filter(p -> Double.isFinite(scale.x.applyAsDouble(p)))
          .map(p -> List.<Object>of(scale.x.applyAsDouble(p), ReportData.percent(p.best()),
              p.trialId())).toList());
      series.add(line);
    });
    return Map.of("x", scale.label, "series", series);
  }
}
