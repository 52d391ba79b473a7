package org.bnsweep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;

/**
 * Section 1: training and validation loss per epoch of the 3-layer and the 9-layer network, each
 * with and without batch normalisation. Of several trials of one (depth, BN) pair it shows the
 * He-initialised one with the best validation accuracy, the configuration a reader would pick.
 */
final class DepthSection {
  static final String TITLE = "Depth and batch normalisation";
  private static final int[] DEPTHS = {3, 9};

  private DepthSection() {}

  static Section build(List<Trial> trials, Figures figures) {
    List<Block> blocks = new ArrayList<>();
    for (int depth : DEPTHS) {
      blocks.addAll(depth(trials, depth, figures));
    }
    return new Section(TITLE, blocks);
  }

  private static List<Block> depth(List<Trial> trials, int depth, Figures figures) {
    Optional<Trial> on = pick(trials, depth, true);
    Optional<Trial> off = pick(trials, depth, false);
    if (on.isEmpty() && off.isEmpty()) {
      return List.of(new Block.Text("no " + depth + "-layer trials in this sweep"));
    }
    XYChart chart = Figures.lineChart(depth + "-layer network: loss per epoch", "epoch",
        "loss (cross-entropy)");
    List<Block> blocks = new ArrayList<>();
    StringBuilder caption = new StringBuilder(depth + "-layer network, He initialisation,"
        + " training (solid) and validation (dashed) loss.");
    boolean plotted = false;
    for (Optional<Trial> t : List.of(on, off)) {
      if (t.isPresent()) {
        plotted |= Figures.addLoss(chart, t.get().bnLabel(), t.get());
        caption.append(' ').append(t.get().bnLabel()).append(": ")
            .append(t.get().summary()).append('.');
      }
    }
    if (on.isEmpty() || off.isEmpty()) {
      blocks.add(new Block.Text("no " + depth + "-layer trials " + (on.isEmpty() ? "with" : "without")
          + " batch normalisation in this sweep"));
    }
    if (plotted) {
      blocks.add(0, figures.save(chart, "loss-depth" + depth + ".png", caption.toString()));
    } else {
      blocks.add(new Block.Text("the " + depth + "-layer trials recorded no finite loss"));
    }
    return blocks;
  }

  /** The He-initialised trial of this depth and BN setting with the best validation accuracy. */
  static Optional<Trial> pick(List<Trial> trials, int depth, boolean batchNorm) {
    return trials.stream()
        .filter(t -> t.depth() == depth && t.batchNorm() == batchNorm && t.he()
            && !t.curve().isEmpty())
        .sorted(Trial.BEST_FIRST).findFirst();
  }
}
