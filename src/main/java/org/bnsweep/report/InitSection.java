package org.bnsweep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;

/**
 * Section 3: sensitivity to the initialisation. Loss curves for weights drawn with a fixed
 * standard deviation sigma of 1e-1, 1e-3 and 1e-4, with and without batch normalisation, and the
 * table of test accuracy by sigma and BN. Of several trials in one cell (seeds, lambdas) the one
 * with the best validation accuracy stands for it, as in the other sections.
 */
final class InitSection {
  static final String TITLE = "Sensitivity to initialisation";
  static final double[] SIGMAS = {1e-1, 1e-3, 1e-4};

  private InitSection() {}

  static Section build(List<Trial> trials, Figures figures) {
    List<Trial> fixed = trials.stream().filter(t -> !Double.isNaN(t.sigma())).toList();
    if (fixed.isEmpty()) {
      return Section.note(TITLE, "no trials with a fixed initial sigma in this sweep");
    }
    List<Block> blocks = new ArrayList<>();
    for (double sigma : SIGMAS) {
      blocks.add(lossFigure(fixed, sigma, figures));
    }
    blocks.add(table(fixed));
    return new Section(TITLE, blocks);
  }

  private static Block lossFigure(List<Trial> fixed, double sigma, Figures figures) {
    String s = Format.sci(sigma);
    XYChart chart = Figures.lineChart("Loss per epoch, sigma = " + s, "epoch",
        "loss (cross-entropy)");
    StringBuilder caption = new StringBuilder("Initial weights with sigma = " + s
        + ": training (solid) and validation (dashed) loss.");
    boolean any = false;
    for (boolean bn : new boolean[] {true, false}) {
      Optional<Trial> t = pick(fixed, sigma, bn, true);
      if (t.isPresent() && Figures.addLoss(chart, t.get().bnLabel(), t.get())) {
        any = true;
        caption.append(' ').append(t.get().bnLabel()).append(": ").append(t.get().summary())
            .append('.');
      } else {
        caption.append(" No finished ").append(bn ? "BN on" : "BN off").append(" trial.");
      }
    }
    if (!any) {
      return new Block.Text("no trials with sigma = " + s + " and a learning curve in this sweep");
    }
    return figures.save(chart, "loss-sigma-" + s + ".png", caption.toString());
  }

  /** Rows sigma (largest first), columns BN on and BN off, cells the test accuracy. */
  static Block.Table table(List<Trial> fixed) {
    List<Double> sigmas = fixed.stream().map(Trial::sigma).distinct()
        .sorted(Comparator.reverseOrder()).toList();
    List<List<String>> rows = new ArrayList<>();
    for (double sigma : sigmas) {
      rows.add(List.of(Format.sci(sigma), cell(fixed, sigma, true), cell(fixed, sigma, false)));
    }
    String depths = fixed.stream().map(t -> String.valueOf(t.depth())).distinct().sorted()
        .collect(Collectors.joining(", "));
    return new Block.Table("Test accuracy by initial sigma and batch normalisation (depth "
        + depths + ")", List.of("sigma", "BN on", "BN off"), rows);
  }

  private static String cell(List<Trial> fixed, double sigma, boolean bn) {
    return pick(fixed, sigma, bn, false)
        .map(t -> Double.isNaN(t.testAccuracy()) ? t.status() : Format.percent(t.testAccuracy()))
        .orElse("-");
  }

  private static Optional<Trial> pick(List<Trial> fixed, double sigma, boolean bn,
      boolean needCurve) {
    return fixed.stream()
        .filter(t -> t.hasSigma(sigma) && t.batchNorm() == bn
            && (!needCurve || !t.curve().isEmpty()))
        .sorted(Trial.BEST_FIRST).findFirst();
  }
}
