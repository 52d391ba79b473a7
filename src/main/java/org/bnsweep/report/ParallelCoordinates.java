package org.bnsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parallel coordinates of a sweep: one vertical axis per swept parameter and one for validation
 * accuracy, one line per trial (finished, or stopped at a rung) through its values, coloured by
 * its validation accuracy (viridis), the best trial drawn last in red. Drawn with Java2D: XChart has no such chart.
 */
final class ParallelCoordinates {
  private static final int LEFT = 80;
  private static final int RIGHT = 130;
  private static final int TOP = 56;
  private static final int BOTTOM = 78;
  /** Labels of one axis closer than this (pixels) are skipped rather than overprinted. */
  private static final int LABEL_GAP = 14;

  private ParallelCoordinates() {}

  /**
   * The figure of {@code trials} (finished, with a validation accuracy) along {@code swept}.
   *
   * @param swept at least one parameter
   */
  static BufferedImage draw(List<Trial> trials, List<HyperColumn> swept) {
    List<PlotAxis> axes = swept.stream()
        .map(c -> new PlotAxis(c, trials.stream().map(t -> t.param(c)).toList())).toList();
    double low = trials.stream().mapToDouble(Trial::valAccuracy).min().orElseThrow();
    double high = trials.stream().mapToDouble(Trial::valAccuracy).max().orElseThrow();
    BufferedImage image = Palette.image();
    Graphics2D g = Palette.canvas(image);
    g.setFont(Palette.TITLE);
    long stopped = trials.stream().filter(t -> !t.ok()).count();
    Palette.centred(g, "Parallel coordinates: " + trials.size() + " trials"
        + (stopped > 0 ? " (" + stopped + " stopped at a rung)" : ""),
        Figures.WIDTH / 2.0, 26);
    int bottom = Figures.HEIGHT - BOTTOM;
    int plotHeight = bottom - TOP;
    int count = axes.size() + 1;
    double gap = (Figures.WIDTH - LEFT - RIGHT) / (double) (count - 1);
    List<Trial> order = trials.stream().sorted(Comparator.comparingDouble(Trial::valAccuracy))
        .toList();
    // The red line is the report's best trial (finished), not a stopped one that led at its rung.
    Trial best = BestSection.best(trials).orElse(order.get(order.size() - 1));
    for (Trial t : order) {
      Path2D.Double line = new Path2D.Double();
      for (int i = 0; i < count; i++) {
        double p = i < axes.size() ? position(axes.get(i), t.param(axes.get(i).column()))
            : Palette.scale(t.valAccuracy(), low, high);
        double x = LEFT + i * gap;
        double y = bottom - p * plotHeight;
        if (i == 0) {
          line.moveTo(x, y);
        } else {
          line.lineTo(x, y);
        }
      }
      boolean isBest = t == best;
      Color c = isBest ? Palette.BEST : Palette.viridis(Palette.scale(t.valAccuracy(), low, high));
      g.setColor(isBest ? c : new Color(c.getRed(), c.getGreen(), c.getBlue(), 200));
      g.setStroke(new BasicStroke(isBest ? 3f : 1.5f));
      g.draw(line);
    }
    g.setStroke(new BasicStroke(1.5f));
    for (int i = 0; i < count; i++) {
      double x = LEFT + i * gap;
      g.setColor(Palette.INK);
      g.drawLine((int) x, TOP, (int) x, bottom);
      if (i < axes.size()) {
        PlotAxis a = axes.get(i);
        List<double[]> at = new ArrayList<>();
        for (PlotAxis.Tick tick : a.ticks()) {
          at.add(new double[] {position(a, tick.coordinate()), 0});
        }
        labels(g, a.ticks().stream().map(PlotAxis.Tick::label).toList(), at, x, bottom,
            plotHeight);
        title(g, a.column().label(), a.column().logScale() ? "(log)" : "", x, bottom);
      } else {
        List<String> texts = new ArrayList<>();
        List<double[]> at = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
          double v = low + k * (high - low) / 4;
          texts.add(Format.percent(v));
          at.add(new double[] {Palette.scale(v, low, high), 0});
          if (high <= low) {
            break;
          }
        }
        labels(g, texts, at, x, bottom, plotHeight);
        title(g, "validation", "accuracy", x, bottom);
      }
    }
    Palette.colourBar(g, Figures.WIDTH - RIGHT + 40, TOP, 16, plotHeight, low, high);
    g.dispose();
    return image;
  }

  private static double position(PlotAxis a, Object value) {
    return position(a, a.coordinate(value));
  }

  private static double position(PlotAxis a, double coordinate) {
    return a.high() > a.low() ? (coordinate - a.low()) / (a.high() - a.low()) : 0.5;
  }

  private static void labels(Graphics2D g, List<String> texts, List<double[]> positions, double x,
      int bottom, int plotHeight) {
    g.setFont(Palette.TICK);
    double last = Double.POSITIVE_INFINITY;
    for (int i = 0; i < texts.size(); i++) {
      double y = bottom - positions.get(i)[0] * plotHeight;
      g.setColor(Palette.INK);
      g.drawLine((int) x - 4, (int) y, (int) x, (int) y);
      if (Math.abs(last - y) >= LABEL_GAP) {
        Palette.rightAligned(g, Palette.shorten(texts.get(i)), x - 6, y);
        last = y;
      }
    }
  }

  private static void title(Graphics2D g, String line1, String line2, double x, int bottom) {
    g.setFont(Palette.LABEL);
    g.setColor(Palette.INK);
    Palette.centred(g, line1, x, bottom + 26);
    Palette.centred(g, line2, x, bottom + 44);
  }
}
