package org.bnsweep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;

/**
 * Section 3: sensitivity to the initialisation. Loss curves for weights drawn with a fixed
 * standard deviation sigma of 1e-1, 1e-3 and 1e-4, with and without batch normalisation, and the
 * table of test accuracy by sigma and BN. For each sigma a BN on and a BN off trial that differ in
 * nothing else stand for it when there are such ({@link BnPair}), preferring those of a stage
 * that sweeps sigma and batch normalisation, then the best validation accuracy.
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
    Set<String> own = StageGrid.idsOfStagesSweeping(trials,
        List.of(HyperColumn.SIGMA, HyperColumn.BATCH_NORM));
    List<Block> blocks = new ArrayList<>();
    for (double sigma : SIGMAS) {
      blocks.add(lossFigure(fixed, sigma, own, figures));
    }
    blocks.add(table(fixed, own));
    return new Section(TITLE, blocks);
  }

  private static Block lossFigure(List<Trial> fixed, double sigma, Set<String> own,
      Figures figures) {
    String s = Format.sci(sigma);
    XYChart chart = Figures.lineChart("Loss per epoch, sigma = " + s, "epoch",
        "loss (cross-entropy)");
    StringBuilder caption = new StringBuilder("Initial weights with sigma = " + s
        + ": training (solid) and validation (dashed) loss.");
    int drawn = 0;
    BnPair pair = pick(fixed, sigma, own, true);
    for (boolean bn : new boolean[] {true, false}) {
      Optional<Trial> t = bn ? pair.on() : pair.off();
      if (t.isPresent() && Figures.addLoss(chart, t.get().bnLabel(), t.get())) {
        drawn++;
        caption.append(' ').append(t.get().bnLabel()).append(": ").append(t.get().summary())
            .append('.');
      } else {
        caption.append(" No finished ").append(bn ? "BN on" : "BN off").append(" trial.");
      }
    }
    if (drawn == 0) {
      return new Block.Text("no trials with sigma = " + s + " and a learning curve in this sweep");
    }
    if (drawn == 2) {
      caption.append(pair.likeForLike());
    }
    return figures.save(chart, "loss-sigma-" + s + ".png", caption.toString());
  }

  /** Rows sigma (largest first), columns BN on and BN off, cells the test accuracy. */
  static Block.Table table(List<Trial> fixed, Set<String> own) {
    List<Double> sigmas = fixed.stream().map(Trial::sigma).distinct()
        .sorted(Comparator.reverseOrder()).toList();
    List<List<String>> rows = new ArrayList<>();
    List<String> unlike = new ArrayList<>();
    for (double sigma : sigmas) {
      BnPair pair = pick(fixed, sigma, own, false);
      rows.add(List.of(Format.sci(sigma), cell(pair.on()), cell(pair.off())));
      if (!pair.differences().isEmpty()) {
        unlike.add(Format.sci(sigma));
      }
    }
    String depths = fixed.stream().map(t -> String.valueOf(t.depth())).distinct().sorted()
        .collect(Collectors.joining(", "));
    return new Block.Table("Test accuracy by initial sigma and batch normalisation (depth "
        + depths + ")" + (unlike.isEmpty() ? "" : "; at sigma " + String.join(", ", unlike)
        + " the BN on and BN off trials differ in more than batch normalisation"),
        List.of("sigma", "BN on", "BN off"), rows);
  }

  private static String cell(Optional<Trial> trial) {
    return trial
        .map(t -> Double.isNaN(t.testAccuracy()) ? t.status().label()
            : Format.percent(t.testAccuracy()))
        .orElse("-");
  }

  private static BnPair pick(List<Trial> fixed, double sigma, Set<String> own,
      boolean needCurve) {
    return BnPair.pick(fixed.stream()
        .filter(t -> t.hasSigma(sigma) && (!needCurve || !t.curve().isEmpty())).toList(), own);
  }
}
