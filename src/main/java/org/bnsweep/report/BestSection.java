package org.bnsweep.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;

/**
 * The section a reader wants first: the best finished trial of the sweep (highest validation
 * accuracy), its configuration, its validation and test accuracy, its learning curves, and the
 * one command that trains it again with the same numbers.
 */
final class BestSection {
  static final String TITLE = "Best trial";
  static final String ACCURACY = "best-accuracy.png";
  static final String LOSS = "best-loss.png";

  private BestSection() {}

  /** The finished trial with the highest validation accuracy, if any. */
  static Optional<Trial> best(List<Trial> trials) {
    return SearchSection.finished(trials).stream().sorted(Trial.BEST_FIRST).findFirst();
  }

  static Section build(List<Trial> trials, Figures figures) {
    Optional<Trial> found = best(trials);
    if (found.isEmpty()) {
      return Section.note(TITLE, "no finished trial with a validation accuracy in this sweep");
    }
    Trial best = found.get();
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block.Text("Trial " + best.stage() + "/" + best.trialId() + " reached the"
        + " highest validation accuracy of the sweep's " + trials.size() + " trials: "
        + Format.percent(best.valAccuracy()) + " (test accuracy "
        + Format.percent(best.testAccuracy()) + ")."));
    List<List<String>> rows = new ArrayList<>();
    for (HyperColumn c : HyperColumn.values()) {
      if (best.param(c) != null || c.nullIsValue()) {
        rows.add(List.of(c.label(), c.format(best.param(c))));
      }
    }
    rows.add(List.of("training images", String.valueOf(best.trainingSize())));
    rows.add(List.of("validation accuracy", Format.percent(best.valAccuracy())));
    rows.add(List.of("test accuracy", Format.percent(best.testAccuracy())));
    blocks.add(new Block.Table("Configuration of " + best.trialId(), List.of("setting", "value"),
        rows));
    if (best.retrain().isPresent()) {
      blocks.add(new Block.Text("Train it again on one machine (the same settings and seed as"
          + " the sweep: the same validation accuracy, to the bit):"));
      blocks.add(new Block.Code(best.retrain().get().command()));
    } else {
      blocks.add(new Block.Text("The table does not record this trial's seeds (it predates the"
          + " training_seed and order_seed columns), or an older bnsweep trained it in a pack on"
          + " an order of mini-batches it shared, so there is no retrain command."));
    }
    curves(best, figures, blocks);
    return new Section(TITLE, blocks);
  }

  private static void curves(Trial best, Figures figures, List<Block> blocks) {
    if (best.curve().isEmpty()) {
      blocks.add(new Block.Text("the best trial recorded no learning curve"));
      return;
    }
    Color c = Figures.color(best.batchNorm());
    XYChart acc = Figures.lineChart("Best trial: accuracy per epoch", "epoch", "accuracy (%)");
    Figures.addCurve(acc, "training", best.curve(), e -> 100 * e.trainAccuracy(), c, false);
    Figures.addCurve(acc, "validation", best.curve(), e -> 100 * e.valAccuracy(), c, true);
    XYChart loss = Figures.lineChart("Best trial: loss per epoch", "epoch",
        "loss (cross-entropy)");
    Figures.addLoss(loss, best.bnLabel(), best);
    String what = " of the best trial (" + best.trialId() + ", lambda " + Format.sci(best.lambda())
        + "); test accuracy " + Format.percent(best.testAccuracy()) + ".";
    if (!acc.getSeriesMap().isEmpty()) {
      blocks.add(figures.save(acc, ACCURACY, "Training and validation accuracy" + what)
          .interactive(ReportData.BEST_ACCURACY));
    }
    if (!loss.getSeriesMap().isEmpty()) {
      blocks.add(figures.save(loss, LOSS, "Training and validation loss" + what)
          .interactive(ReportData.BEST_LOSS));
    }
  }
}
