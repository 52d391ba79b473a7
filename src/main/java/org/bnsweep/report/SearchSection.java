package org.bnsweep.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bnsweep.params.TrialStatus;

/**
 * Section 5, for any sweep: which parameters it swept and how validation accuracy depends on
 * them. Parallel coordinates of all finished trials, parameter importance, the optimisation
 * history, and a heat map of every stage that sweeps exactly two parameters with its
 * refinements marked. A cell of a stage's grid that another stage trained is filled from that
 * stage's row ({@link StageGrid}), and the figure says so.
 */
final class SearchSection {
  static final String TITLE = "Hyperparameter search";
  private static final String ALL = "whole sweep";

  private SearchSection() {}

  static Section build(List<Trial> trials, Figures figures) {
    List<HyperColumn> swept = HyperColumn.swept(trials);
    List<Trial> finished = finished(trials);
    if (swept.isEmpty() || finished.isEmpty()) {
      return Section.note(TITLE, swept.isEmpty()
          ? "no swept parameter in this sweep (every trial has the same hyperparameters)"
          : "no finished trial with a validation accuracy in this sweep");
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block.Text("Swept parameters (the trials take more than one value of each): "
        + swept.stream().map(c -> c.label() + (c.logScale() ? " (log scale)" : ""))
            .collect(Collectors.joining(", ")) + "."));
    List<Trial> tried = tried(trials);
    long stopped = tried.size() - finished.size();
    blocks.add(figures.save(ParallelCoordinates.draw(tried, swept), "parallel.png",
        "Parallel coordinates: one axis per swept parameter and one for validation accuracy,"
            + " one line per finished trial (" + finished.size() + ")"
            + (stopped > 0 ? " and per trial stopped at a rung (" + stopped + ", at the"
            + " accuracy it had when it stopped)" : "") + ", coloured by its"
            + " validation accuracy; the best trial is drawn in red. On the page, drag along"
            + " an axis to keep the trials in a range: the table of all trials follows.")
        .interactive(ReportData.PARALLEL));
    blocks.addAll(Importance.blocks(trials));
    history(trials, figures, blocks);
    heatMaps(trials, figures, blocks);
    return new Section(TITLE, blocks);
  }

  /**
   * What the search tried: finished trials and those a scheduler stopped at a rung, each at the
   * validation accuracy it last had. Under asynchronous halving most trials stop early, and
   * they are where the search explored (dropout, shifts, widths).
   */
  static List<Trial> tried(List<Trial> trials) {
    return trials.stream().filter(t -> (t.ok() || t.status() == TrialStatus.STOPPED)
        && Double.isFinite(t.valAccuracy())).toList();
  }

  static List<Trial> finished(List<Trial> trials) {
    return trials.stream().filter(t -> t.ok() && Double.isFinite(t.valAccuracy())).toList();
  }

  private static void history(List<Trial> trials, Figures figures, List<Block> blocks) {
    if (trials.stream().allMatch(t -> Double.isNaN(t.updates()))) {
      blocks.add(new Block.Text("no trial recorded its update steps, so there is no"
          + " optimisation history"));
      return;
    }
    boolean typed = trials.stream().anyMatch(t -> t.stageType().isPresent());
    String by = typed ? "stage type" : "stage";
    long missing = trials.stream().filter(t -> Double.isNaN(t.updates())).count();
    blocks.add(figures.save(History.chart(History.lines(trials, ALL), by, ALL), "history.png",
        "Optimisation history: the best validation accuracy so far against the update steps"
            + " spent by all trials in the order they started, one line per " + by
            + (typed ? "" : " (the table has no stage_type column)") + ", dashed for the whole"
            + " sweep." + (missing == 0 ? "" : " Trials that recorded no update steps count"
            + " as none: " + missing + " of " + trials.size() + ".")));
  }

  /**
   * One heat map per stage whose trials sweep exactly two parameters, with the finished trials
   * of later stages that vary both of them marked.
   */
  private static void heatMaps(List<Trial> trials, Figures figures, List<Block> blocks) {
    Map<String, List<Trial>> byStage = trials.stream().collect(Collectors.groupingBy(
        Trial::stage, LinkedHashMap::new, Collectors.toList()));
    List<String> stages = new ArrayList<>(byStage.keySet());
    for (int i = 0; i < stages.size(); i++) {
      String stage = stages.get(i);
      List<HyperColumn> axes = HyperColumn.swept(byStage.get(stage));
      List<Trial> cells = finished(StageGrid.of(stage, trials));
      if (axes.size() != 2 || cells.isEmpty()) {
        continue;
      }
      List<Trial> borrowed = cells.stream().filter(t -> !t.stage().equals(stage)).toList();
      Map<String, List<Trial>> refinements = new LinkedHashMap<>();
      for (String later : stages.subList(i + 1, stages.size())) {
        List<Trial> ts = finished(byStage.get(later));
        if (!ts.isEmpty() && HyperColumn.swept(byStage.get(later)).containsAll(axes)) {
          refinements.put(later, ts);
        }
      }
      String marked = refinements.isEmpty() ? "No later stage varies both."
          : "Marked: the finished trials of " + String.join(", ", refinements.keySet())
              + ", later stages that vary both.";
      blocks.add(figures.save(HeatMap.draw(stage, axes.get(0), axes.get(1), cells, refinements),
          "heatmap-" + stage + ".png", "Stage " + stage + " sweeps " + axes.get(0).label()
              + " and " + axes.get(1).label() + ": mean validation accuracy of each cell's "
              + "finished trials (" + cells.size() + " trials), the best cell outlined in red. "
              + borrowedNote(stage, borrowed, axes) + marked)
          .interactive(ReportData.heatMap(stage)));
    }
  }

  /**
   * Names the cells the stage planned but another stage had trained, which the sweep reused
   * rather than train again; empty when there are none.
   */
  private static String borrowedNote(String stage, List<Trial> borrowed, List<HyperColumn> axes) {
    if (borrowed.isEmpty()) {
      return "";
    }
    return borrowed.stream().map(t -> axes.stream()
            .map(c -> c.label() + " " + c.format(t.param(c))).collect(Collectors.joining(", "))
            + ", trained in stage " + t.stage() + " (" + t.stage() + "/" + t.trialId() + ")")
        .collect(Collectors.joining("; ", "Filled from another stage, whose trial had the same"
            + " hyperparameters and which stage " + stage + " reused rather than train again: ",
            ". "));
  }
}
