package org.bnsweep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.bnsweep.results.StageType;

/**
 * Section 6: every trial of the sweep in one table, sortable in the HTML page by a click on a
 * column's header. Its columns are the swept parameters; the parameters that are the same in
 * every trial are listed once above it.
 */
final class TrialsSection {
  static final String TITLE = "All trials";

  private TrialsSection() {}

  static Section build(List<Trial> trials) {
    if (trials.isEmpty()) {
      return Section.note(TITLE, "no trials in this sweep");
    }
    List<HyperColumn> swept = HyperColumn.swept(trials);
    boolean typed = trials.stream().anyMatch(t -> t.stageType().isPresent());
    List<Block> blocks = new ArrayList<>();
    String same = HyperColumn.values().stream()
        .filter(c -> !swept.contains(c) && (trials.get(0).param(c) != null || c.nullIsValue()))
        .map(c -> c.label() + " " + c.format(trials.get(0).param(c)))
        .collect(Collectors.joining(", "));
    if (!same.isEmpty()) {
      blocks.add(new Block.Text("The same in every trial: " + same + "."));
    }
    List<String> header = new ArrayList<>(List.of("stage"));
    if (typed) {
      header.add("stage type");
    }
    header.add("trial");
    swept.forEach(c -> header.add(c.label()));
    header.addAll(List.of("status", "validation accuracy", "test accuracy", "seconds"));
    List<List<String>> rows = new ArrayList<>();
    for (Trial t : trials) {
      List<String> row = new ArrayList<>(List.of(t.stage()));
      if (typed) {
        row.add(t.stageType().map(StageType::label).orElse(""));
      }
      row.add(t.trialId());
      swept.forEach(c -> row.add(c.format(t.param(c))));
      row.addAll(List.of(t.status().label(), Format.percent(t.valAccuracy()),
          Format.percent(t.testAccuracy()), Format.seconds(t.seconds())));
      rows.add(row);
    }
    blocks.add(Block.Table.ofTrials(trials.size() + " trials in start order (click a column's"
        + " header to sort by it)", header, rows, trials.stream().map(Trial::trialId).toList()));
    return new Section(TITLE, blocks);
  }
}
