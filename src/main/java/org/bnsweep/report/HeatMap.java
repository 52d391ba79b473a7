package org.bnsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A stage that sweeps exactly two parameters, drawn as a heat map: one cell per pair of values,
 * coloured by the mean validation accuracy of its finished trials (viridis), the best cell
 * outlined in red, and the trials of later stages that vary the same two parameters (its
 * refinements) marked as points. Cells are centred on their values and meet half-way between
 * neighbours, on a log scale where the parameter has one, so that refined points fall where
 * their values are. A cell filled by trials of another stage ({@link StageGrid}) says which.
 */
final class HeatMap {
  private static final int LEFT = 96;
  private static final int RIGHT = 150;
  private static final int TOP = 50;
  private static final int BOTTOM = 96;
  private static final int LABEL_GAP = 14;

  private HeatMap() {}

  /**
   * @param cells the grid stage's finished trials (with a validation accuracy), and those of
   *     other stages that fill a cell of its grid where it has no row
   * @param refinements later stages' finished trials by stage, in stage order
   */
  static BufferedImage draw(String stage, HyperColumn xColumn, HyperColumn yColumn,
      List<Trial> cells, Map<String, List<Trial>> refinements) {
    List<Trial> points = refinements.values().stream().flatMap(List::stream).toList();
    PlotAxis x = axis(xColumn, cells, points);
    PlotAxis y = axis(yColumn, cells, points);
    double[] xRange = range(x, points);
    double[] yRange = range(y, points);
    int plotWidth = Figures.WIDTH - LEFT - RIGHT;
    int plotHeight = Figures.HEIGHT - TOP - BOTTOM;
    Frame f = new Frame(xRange, yRange, plotWidth, plotHeight);

    double[][] mean = new double[x.size()][y.size()];
    String[][] trainedIn = new String[x.size()][y.size()];
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    int bestI = -1;
    int bestJ = -1;
    for (int i = 0; i < x.size(); i++) {
      for (int j = 0; j < y.size(); j++) {
        Object xv = x.values().get(i);
        Object yv = y.values().get(j);
        List<Trial> in = cells.stream().filter(t -> same(t.param(xColumn), xv)
            && same(t.param(yColumn), yv)).toList();
        mean[i][j] = in.stream().mapToDouble(Trial::valAccuracy).average().orElse(Double.NaN);
        if (!in.isEmpty() && in.stream().noneMatch(t -> t.stage().equals(stage))) {
          trainedIn[i][j] = "trained in stage " + StageGrid.stages(in);
        }
        if (!Double.isNaN(mean[i][j])) {
          low = Math.min(low, mean[i][j]);
          if (mean[i][j] > high) {
            high = mean[i][j];
            bestI = i;
            bestJ = j;
          }
        }
      }
    }
    BufferedImage image = Palette.image();
    Graphics2D g = Palette.canvas(image);
    g.setFont(Palette.TITLE);
    Palette.centred(g, "Stage " + stage + ": validation accuracy by " + xColumn.label() + " and "
        + yColumn.label(), Figures.WIDTH / 2.0, 26);
    double[] xEdges = edges(x);
    double[] yEdges = edges(y);
    g.setFont(Palette.TICK);
    for (int i = 0; i < x.size(); i++) {
      for (int j = 0; j < y.size(); j++) {
        Rectangle2D cell = f.cell(xEdges[i], xEdges[i + 1], yEdges[j], yEdges[j + 1]);
        double t = Palette.scale(mean[i][j], low, high);
        g.setColor(Palette.viridis(t));
        g.fill(cell);
        g.setColor(Color.WHITE);
        g.draw(cell);
        if (cell.getWidth() >= 56 && cell.getHeight() >= 20) {
          g.setColor(Double.isNaN(mean[i][j]) || t > 0.6 ? Palette.INK : Color.WHITE);
          Palette.centred(g, Format.percent(mean[i][j]), cell.getCenterX(),
              cell.getCenterY() + 4);
          String note = trainedIn[i][j];
          if (note != null && cell.getHeight() >= 40
              && g.getFontMetrics().stringWidth(note) <= cell.getWidth() - 6) {
            Palette.centred(g, note, cell.getCenterX(), cell.getCenterY() + 20);
          }
        }
      }
    }
    if (bestI >= 0) {
      g.setColor(Palette.BEST);
      g.setStroke(new BasicStroke(3f));
      g.draw(f.cell(xEdges[bestI], xEdges[bestI + 1], yEdges[bestJ], yEdges[bestJ + 1]));
    }
    int k = 0;
    List<String> legend = new ArrayList<>();
    for (Map.Entry<String, List<Trial>> e : refinements.entrySet()) {
      for (Trial t : e.getValue()) {
        if (x.accepts(t.param(xColumn)) && y.accepts(t.param(yColumn))) {
          Shape s = marker(k, f.x(x.coordinate(t.param(xColumn))),
              f.y(y.coordinate(t.param(yColumn))));
          g.setStroke(new BasicStroke(1.5f));
          g.setColor(Color.WHITE);
          g.fill(s);
          g.setColor(Palette.INK);
          g.draw(s);
        }
      }
      legend.add(e.getKey() + " (" + e.getValue().size() + ")");
      k++;
    }
    axes(g, f, x, y);
    legend(g, legend, f);
    Palette.colourBar(g, Figures.WIDTH - RIGHT + 30, TOP, 16, plotHeight, low, high);
    g.dispose();
    return image;
  }

  /** Both values null (He) or equal. */
  private static boolean same(Object a, Object b) {
    return a == null ? b == null : a.equals(b);
  }

  /**
   * Numeric axes take the grid's values, refined points falling between them; category axes
   * take the refinements' values too, as a category has no place between two others.
   */
  private static PlotAxis axis(HyperColumn c, List<Trial> cells, List<Trial> points) {
    Stream<Trial> source = c.numeric() ? cells.stream()
        : Stream.concat(cells.stream(), points.stream());
    return new PlotAxis(c, source.map(t -> t.param(c)).toList());
  }

  /** The axis's cell edges, widened to every point on it, in coordinates. */
  private static double[] range(PlotAxis a, List<Trial> points) {
    double[] e = edges(a);
    double lo = e[0];
    double hi = e[e.length - 1];
    for (Trial t : points) {
      Object v = t.param(a.column());
      if (a.accepts(v)) {
        double c = a.coordinate(v);
        lo = Math.min(lo, c - a.step() / 4);
        hi = Math.max(hi, c + a.step() / 4);
      }
    }
    return new double[] {lo, hi};
  }

  /** Cell edges: half-way between neighbouring values, half a step beyond the end values. */
  private static double[] edges(PlotAxis a) {
    double[] c = a.coordinates();
    double[] e = new double[c.length + 1];
    e[0] = c[0] - (c.length > 1 ? (c[1] - c[0]) / 2 : a.step() / 2);
    for (int i = 1; i < c.length; i++) {
      e[i] = (c[i - 1] + c[i]) / 2;
    }
    e[c.length] = c[c.length - 1]
        + (c.length > 1 ? (c[c.length - 1] - c[c.length - 2]) / 2 : a.step() / 2);
    return e;
  }

  /** A circle, diamond, square or triangle per refining stage. */
  private static Shape marker(int k, double x, double y) {
    double r = 6;
    switch (k % 4) {
      case 0:
        return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
      case 1:
        return polygon(x, y - r - 1, x + r + 1, y, x, y + r + 1, x - r - 1, y);
      case 2:
        return new Rectangle2D.Double(x - r, y - r, 2 * r, 2 * r);
      default:
        return polygon(x, y - r - 1, x + r + 1, y + r, x - r - 1, y + r);
    }
  }

  private static Shape polygon(double... xy) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) {
      p.lineTo(xy[i], xy[i + 1]);
    }
    p.closePath();
    return p;
  }

  private static void axes(Graphics2D g, Frame f, PlotAxis x, PlotAxis y) {
    g.setStroke(new BasicStroke(1f));
    g.setColor(Palette.INK);
    g.draw(new Rectangle2D.Double(LEFT, TOP, f.width, f.height));
    g.setFont(Palette.TICK);
    double last = Double.NEGATIVE_INFINITY;
    int base = TOP + f.height;
    for (PlotAxis.Tick t : x.ticks()) {
      double px = f.x(t.coordinate());
      g.drawLine((int) px, base, (int) px, base + 4);
      String label = Palette.shorten(t.label());
      double w = g.getFontMetrics().stringWidth(label);
      if (px - w / 2 >= last + 6) {
        Palette.centred(g, label, px, base + 18);
        last = px + w / 2;
      }
    }
    last = Double.POSITIVE_INFINITY;
    for (PlotAxis.Tick t : y.ticks()) {
      double py = f.y(t.coordinate());
      g.drawLine(LEFT - 4, (int) py, LEFT, (int) py);
      if (Math.abs(last - py) >= LABEL_GAP) {
        Palette.rightAligned(g, Palette.shorten(t.label()), LEFT - 6, py);
        last = py;
      }
    }
    g.setFont(Palette.LABEL);
    Palette.centred(g, x.title(), LEFT + f.width / 2.0, base + 40);
    var old = g.getTransform();
    g.rotate(-Math.PI / 2, 20, TOP + f.height / 2.0);
    Palette.centred(g, y.title(), 20, TOP + f.height / 2.0 + 5);
    g.setTransform(old);
  }

  private static void legend(Graphics2D g, List<String> stages, Frame f) {
    g.setFont(Palette.LABEL);
    double x = LEFT;
    double y = TOP + f.height + 72;
    g.setColor(Palette.BEST);
    g.setStroke(new BasicStroke(3f));
    g.draw(new Rectangle2D.Double(x, y - 11, 16, 12));
    g.setColor(Palette.INK);
    g.drawString("best cell", (float) (x + 22), (float) y);
    x += 22 + g.getFontMetrics().stringWidth("best cell") + 20;
    g.setStroke(new BasicStroke(1.5f));
    for (int k = 0; k < stages.size(); k++) {
      Shape s = marker(k, x + 6, y - 5);
      g.setColor(Color.WHITE);
      g.fill(s);
      g.setColor(Palette.INK);
      g.draw(s);
      String text = "stage " + stages.get(k);
      g.drawString(text, (float) (x + 18), (float) y);
      x += 18 + g.getFontMetrics().stringWidth(text) + 20;
    }
  }

  /** Maps axis coordinates to pixels inside the plot box. */
  private static final class Frame {
    final double[] xRange;
    final double[] yRange;
    final int width;
    final int height;

    Frame(double[] xRange, double[] yRange, int width, int height) {
      this.xRange = xRange;
      this.yRange = yRange;
      this.width = width;
      this.height = height;
    }

    double x(double c) {
      return LEFT + (c - xRange[0]) / (xRange[1] - xRange[0]) * width;
    }

    double y(double c) {
      return TOP + height - (c - yRange[0]) / (yRange[1] - yRange[0]) * height;
    }

    Rectangle2D cell(double x0, double x1, double y0, double y1) {
      double left = x(x0);
      double top = y(y1);
      return new Rectangle2D.Double(left, top, x(x1) - left, y(y0) - top);
    }
  }
}
