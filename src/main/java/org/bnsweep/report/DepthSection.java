package org.bnsweep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchart.XYChart;

/**
 * Section 1: training and validation loss per epoch of the 3-layer and the 9-layer network, each
 * with and without batch normalisation. Of the He-initialised trials of one depth it shows a BN on
 * and a BN off trial that differ in nothing else when it can ({@link BnPair}), preferring those of
 * a stage that sweeps depth and batch normalisation, then the best validation accuracy.
 */
final class DepthSection {
  static final String TITLE = "Depth and batch normalisation";
  private static final int[] DEPTHS = {3, 9};

  private DepthSection() {}

  static Section build(List<Trial> trials, Figures figures) {
    List<Block> blocks = new ArrayList<>();
    Set<String> own = StageGrid.idsOfStagesSweeping(trials,
        List.of(HyperColumn.HIDDEN, HyperColumn.BATCH_NORM));
    for (int depth : DEPTHS) {
      blocks.addAll(depth(trials, depth, own, figures));
    }
    // Neither depth has a trial: only notes, nothing to show.
    boolean empty = blocks.stream().noneMatch(Block.Figure.class::isInstance);
    return new Section(TITLE, blocks, empty);
  }

  private static List<Block> depth(List<Trial> trials, int depth, Set<String> own,
      Figures figures) {
    BnPair pair = pick(trials, depth, own);
    Optional<Trial> on = pair.on();
    Optional<Trial> off = pair.off();
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
    caption.append(pair.likeForLike());
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

  /** The BN on and BN off He-initialised trials of this depth, with a learning curve. */
  static BnPair pick(List<Trial> trials, int depth, Set<String> own) {
    return BnPair.pick(trials.stream()
        .filter(t -> t.depth() == depth && t.he() && !t.curve().isEmpty()).toList(), own);
  }
}
