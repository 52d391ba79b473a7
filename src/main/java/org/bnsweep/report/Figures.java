package org.bnsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Chart construction with one look for the whole report, and PNG output into the report folder.
 * Charts are 800 x 500 px with 14-16 pt text so that they stay readable at the page's width
 * without scaling, and the legend sits below the plot so that it never hides a curve.
 */
final class Figures {
  static final int WIDTH = 800;
  static final int HEIGHT = 500;
  /** Batch normalisation on and off keep their colours in every figure (matplotlib's C0, C1). */
  static final Color BN_ON = new Color(31, 119, 180);
  static final Color BN_OFF = new Color(255, 127, 14);
  /**
   * Colours and markers of series by stage, in stage order: matplotlib's tab10 without its
   * orange (BN off) and red (the best trial).
   */
  private static final Color[] STAGE_COLORS = {BN_ON, new Color(44, 160, 44),
      new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
      new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};
  private static final Marker[] STAGE_MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND,
      SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};
  /** Validation curves and whole-sweep lines. */
  static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
  private static final BasicStroke SOLID = new BasicStroke(2f);

  /** Tick labels with at most four significant decimals. */
  static final String TICKS = "#,##0.####";

  private final Path dir;
  /** Where PNGs are drawn and encoded; null: at once, on the caller's thread. */
  private final ExecutorService writers;
  private final List<Future<?>> writes = new ArrayList<>();

  /** Figures written at once, each by its {@code save}. */
  Figures(Path dir) {
    this(dir, null);
  }

  private Figures(Path dir, ExecutorService writers) {
    this.dir = dir;
    this.writers = writers;
  }

  /**
   * Figures drawn and written on one thread per core while the report goes on with its other
   * sections: drawing the figures of a 10,000-trial sweep took 3 s of its report on one thread.
   * {@link #finish} waits for them. A chart must not change after it is saved.
   */
  static Figures concurrent(Path dir) {
    AtomicInteger n = new AtomicInteger();
    return new Figures(dir, Executors.newFixedThreadPool(
        Runtime.getRuntime().availableProcessors(), r -> {
          Thread t = new Thread(r, "bnsweep figure " + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }));
  }

  /**
   * Waits until every figure saved is written and stops the writers; rethrows the first
   * figure's failure (the others' are suppressed in it).
   */
  void finish() {
    if (writers == null) {
      return;
    }
    writers.shutdown();
    RuntimeException failed = null;
    for (Future<?> w : writes) {
      try {
        w.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        writers.shutdownNow();
        throw new IllegalStateException("interrupted while writing the report's figures", e);
      } catch (ExecutionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
            : new IllegalStateException(e.getCause());
        if (failed == null) {
          failed = cause;
        } else {
          failed.addSuppressed(cause);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** Runs {@code write} now, or on the writers. */
  private void write(Runnable write) {
    if (writers == null) {
      write.run();
    } else {
      writes.add(writers.submit(write));
    }
  }

  static Color color(boolean batchNorm) {
    return batchNorm ? BN_ON : BN_OFF;
  }

  static Color stageColor(int i) {
    return STAGE_COLORS[i % STAGE_COLORS.length];
  }

  static Marker stageMarker(int i) {
    return STAGE_MARKERS[i % STAGE_MARKERS.length];
  }

  static XYChart lineChart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setMarkerSize(5);
    // Rounded ticks: without a pattern a nearly flat curve gets ticks such as 1.9975552474993.
    chart.getStyler().setYAxisDecimalPattern(TICKS);
    chart.getStyler().setXAxisDecimalPattern(TICKS);
    return chart;
  }

  /**
   * Moves the legend to the right of the plot, one entry a line: a row below the plot holds
   * about four entries, and a sweep may have more stages than that.
   */
  static void legendAtSide(XYChart chart) {
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
  }

  static CategoryChart barChart(String title, String xTitle, String yTitle) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(45);
    return chart;
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setLegendPosition(LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
      a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      a.setPlotGridLinesColor(new Color(225, 225, 225));
    }
  }

  /**
   * Adds one metric of a learning curve as a line series, keeping only finite points: a diverged
   * trial's NaN or infinite losses would otherwise stretch the axis to nothing.
   *
   * @return false when the curve has no finite point, so no series was added
   */
  static boolean addCurve(XYChart chart, String name, List<Epoch> curve,
      ToDoubleFunction<Epoch> metric, Color color, boolean dashed) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (Epoch e : curve) {
      double y = metric.applyAsDouble(e);
      if (Double.isFinite(y)) {
        xs.add((double) e.epoch());
        ys.add(y);
      }
    }
    if (xs.isEmpty()) {
      return false;
    }
    XYSeries series = chart.addSeries(name, xs, ys);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setMarker(dashed ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    series.setLineStyle(dashed ? DASHED : SOLID);
    return true;
  }

  /**
   * Adds a trial's training (solid) and validation (dashed) loss.
   *
   * @return false when neither curve has a finite point
   */
  static boolean addLoss(XYChart chart, String label, Trial t) {
    Color c = color(t.batchNorm());
    boolean train = addCurve(chart, label + " training", t.curve(), Epoch::trainLoss, c, false);
    boolean val = addCurve(chart, label + " validation", t.curve(), Epoch::valLoss, c, true);
    return train || val;
  }

  /** Writes a Java2D figure as {@code file} (a PNG name) in the report folder. */
  Block.Figure save(BufferedImage image, String file, String caption) {
    Path path = dir.resolve(file);
    write(() -> {
      try {
        if (!ImageIO.write(image, "png", path.toFile())) {
          throw new IOException("no PNG writer");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write figure " + path + ": " + e.getMessage(), e);
      }
    });
    return new Block.Figure(file, caption);
  }

  /** Writes a chart as {@code file} (a PNG name) in the report folder. */
  Block.Figure save(Chart<?, ?> chart, String file, String caption) {
    Path path = dir.resolve(file);
    write(() -> {
      try (OutputStream out = Files.newOutputStream(path)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write figure " + path + ": " + e.getMessage(), e);
      }
    });
    return new Block.Figure(file, caption);
  }
}
