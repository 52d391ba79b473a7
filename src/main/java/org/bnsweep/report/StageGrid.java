package org.bnsweep.report;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The trials of a stage's grid, including those another stage of the sweep trained. A trial's id
 * is a hash of its hyperparameters, not of its stage, and a sweep trains each id once: when a
 * stage plans a configuration that an earlier stage already trained, the table keeps the earlier
 * row, under the earlier stage. The stage's own rows then leave a cell of its grid empty although
 * the sweep trained that configuration.
 *
 * <p>The table does not record what a stage planned, so its grid is taken to be every
 * combination of the values its own rows take of the parameters they sweep, with every other
 * parameter at the value its own rows share. A row of another stage with exactly those
 * hyperparameters fills a cell where the stage has no row of its own. A stage sweeping one
 * parameter has no such cell: a value none of its rows has is not known to be planned.
 */
final class StageGrid {
  private StageGrid() {}

  /** The rows of other stages that fill cells of {@code stage}'s grid, in table order. */
  static List<Trial> borrowed(String stage, List<Trial> trials) {
    List<Trial> own = trials.stream().filter(t -> t.stage().equals(stage)).toList();
    if (own.isEmpty()) {
      return List.of();
    }
    List<HyperColumn> axes = HyperColumn.swept(own);
    // HashSet, unlike Set.of, holds null: sigma of He is a value of its own.
    Map<HyperColumn, Set<Object>> values = new LinkedHashMap<>();
    axes.forEach(c -> values.put(c, own.stream().map(t -> t.param(c))
        .collect(Collectors.toCollection(HashSet::new))));
    Set<List<Object>> taken = own.stream().map(t -> cell(t, axes)).collect(Collectors.toSet());
    Trial shared = own.get(0);
    return trials.stream()
        .filter(t -> !t.stage().equals(stage) && !taken.contains(cell(t, axes))
            && HyperColumn.values().stream().allMatch(c -> axes.contains(c)
                ? values.get(c).contains(t.param(c))
                : Objects.equals(t.param(c), shared.param(c))))
        .toList();
  }

  /** The stage's own rows followed by those {@link #borrowed} from other stages. */
  static List<Trial> of(String stage, List<Trial> trials) {
    return Stream.concat(trials.stream().filter(t -> t.stage().equals(stage)),
        borrowed(stage, trials).stream()).toList();
  }

  /**
   * The ids of the trials in the grids of the stages whose own rows sweep every one of
   * {@code columns}: the trials a section about those columns calls its own.
   */
  static Set<String> idsOfStagesSweeping(List<Trial> trials, List<HyperColumn> columns) {
    Map<String, List<Trial>> byStage = trials.stream().collect(Collectors.groupingBy(
        Trial::stage, LinkedHashMap::new, Collectors.toList()));
    return byStage.entrySet().stream()
        .filter(e -> HyperColumn.swept(e.getValue()).containsAll(columns))
        .flatMap(e -> of(e.getKey(), trials).stream()).map(Trial::trialId)
        .collect(Collectors.toSet());
  }

  /** "fine" or "fine, coarse": the stages {@code trials} were trained in, in order. */
  static String stages(List<Trial> trials) {
    return trials.stream().map(Trial::stage).distinct().collect(Collectors.joining(", "));
  }

  /** The trial's values of {@code axes}; Arrays.asList keeps a null (He), List.of would not. */
  private static List<Object> cell(Trial t, List<HyperColumn> axes) {
    return Arrays.asList(axes.stream().map(t::param).toArray());
  }
}
