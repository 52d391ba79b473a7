package org.bnsweep.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The colour scale of the figures coloured by validation accuracy (viridis: dark blue for low,
 * yellow for high, readable in grey and by most colour-blind readers) and the drawing basics the
 * Java2D figures share with the XChart ones: size, background and fonts.
 */
final class Palette {
  /** Viridis at 0, 1/8, ..., 1 (van der Walt and Smith's matplotlib colour map). */
  private static final int[] VIRIDIS = {0x440154, 0x46327e, 0x365c8d, 0x277f8e, 0x1fa187,
      0x4ac16d, 0x9fda3a, 0xd3e32a, 0xfde725};
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Color INK = new Color(34, 34, 34);
  static final Color GRID = new Color(200, 200, 200);
  /** The best trial or cell, as in the lambda search figure. */
  static final Color BEST = new Color(214, 39, 40);

  private Palette() {}

  /** The colour of {@code t} in [0, 1] (clamped; NaN is grey). */
  static Color viridis(double t) {
    if (Double.isNaN(t)) {
      return Color.LIGHT_GRAY;
    }
    double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
    int i = Math.min(VIRIDIS.length - 2, (int) x);
    double f = x - i;
    Color a = new Color(VIRIDIS[i]);
    Color b = new Color(VIRIDIS[i + 1]);
    return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
        mix(a.getBlue(), b.getBlue(), f));
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round(a + f * (b - a));
  }

  /** A white image of the report's figure size with antialiased drawing, and its graphics. */
  static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(INK);
    return g;
  }

  static BufferedImage image() {
    return new BufferedImage(Figures.WIDTH, Figures.HEIGHT, BufferedImage.TYPE_INT_RGB);
  }

  /** A tick label cut to 12 characters, so that a long width list does not cover the plot. */
  static String shorten(String label) {
    return label.length() <= 12 ? label : label.substring(0, 11) + "\u2026";
  }

  /** Draws {@code text} centred on x with its baseline at y. */
  static void centred(Graphics2D g, String text, double x, double y) {
    g.drawString(text, (float) (x - g.getFontMetrics().stringWidth(text) / 2.0), (float) y);
  }

  /** Draws {@code text} ending at x, vertically centred on y. */
  static void rightAligned(Graphics2D g, String text, double x, double y) {
    var m = g.getFontMetrics();
    g.drawString(text, (float) (x - m.stringWidth(text)), (float) (y + m.getAscent() / 2.0 - 1));
  }

  /**
   * A vertical colour bar for validation accuracy from {@code low} to {@code high} with its
   * ends labelled, in the box (x, y, w, h).
   */
  static void colourBar(Graphics2D g, int x, int y, int w, int h, double low, double high) {
    for (int i = 0; i < h; i++) {
      g.setColor(viridis(1 - i / (double) (h - 1)));
      g.fillRect(x, y + i, w, 1);
    }
    g.setColor(INK);
    g.drawRect(x, y, w, h);
    g.setFont(TICK);
    g.drawString(Format.percent(high), x + w + 4, y + 10);
    g.drawString(Format.percent(low), x + w + 4, y + h);
    g.setFont(LABEL);
    var old = g.getTransform();
    g.rotate(-Math.PI / 2, x + w + 60, y + h / 2.0);
    centred(g, "validation accuracy", x + w + 60, y + h / 2.0);
    g.setTransform(old);
  }

  /** Where {@code v} lies between {@code low} and {@code high}, 1 when they are equal. */
  static double scale(double v, double low, double high) {
    if (Double.isNaN(v)) {
      return v;
    }
    return high > low ? (v - low) / (high - low) : 1;
  }
}
