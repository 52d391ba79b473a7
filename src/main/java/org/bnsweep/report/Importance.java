package org.bnsweep.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Parameter importance by functional ANOVA (Hutter, Hoos and Leyton-Brown 2014, "An Efficient
 * Approach for Assessing Hyperparameter Importance", ICML): the variance of validation accuracy
 * over a grid of configurations is split into the main effect of each parameter and the
 * interactions. On a full grid this needs no surrogate model and is exact: with the uniform
 * measure over the grid's cells, the main effect of parameter p is the variance, over p's values,
 * of the mean accuracy at that value (averaged over all the other parameters' values), and its
 * share is that divided by the variance over all cells. Repeated trials of one cell are averaged
 * first.
 */
final class Importance {
  static final String METHOD = "Functional ANOVA (Hutter, Hoos and Leyton-Brown 2014), exact"
      + " main effects on a full grid: the share of parameter p is the variance, over p's"
      + " values, of the mean validation accuracy at that value, divided by the variance of"
      + " validation accuracy over all cells of the grid; what the main effects leave is the"
      + " interactions' share. Repeated trials of one cell are averaged first.";

  /**
   * The shares of one full grid.
   *
   * @param levels the number of values of each swept parameter, in {@code shares} order
   * @param shares share of the variance per parameter, in declaration order
   * @param interactions 1 minus the sum of the shares
   */
  record Grid(int trials, Map<HyperColumn, Integer> levels, Map<HyperColumn, Double> shares,
      double interactions) {}

  private Importance() {}

  /**
   * The fANOVA of {@code trials} (finished, with a validation accuracy) over the parameters they
   * sweep, when they form a full grid of them with some variance; empty otherwise.
   */
  static Optional<Grid> ofFullGrid(List<Trial> trials) {
    List<HyperColumn> swept = HyperColumn.swept(trials);
    if (swept.isEmpty()) {
      return Optional.empty();
    }
    Map<HyperColumn, List<Object>> values = new LinkedHashMap<>();
    for (HyperColumn c : swept) {
      values.put(c, trials.stream().map(t -> t.param(c)).distinct().toList());
    }
    // Arrays.asList keeps nulls (sigma of He), which List.of would refuse.
    Map<List<Object>, Double> cells = trials.stream().collect(Collectors.groupingBy(
        t -> Arrays.asList(swept.stream().map(t::param).toArray()), HashMap::new,
        Collectors.averagingDouble(Trial::valAccuracy)));
    long full = values.values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b);
    if (cells.size() != full) {
      return Optional.empty();
    }
    double mean = cells.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double total = cells.values().stream().mapToDouble(v -> (v - mean) * (v - mean)).average()
        .orElseThrow();
    if (!(total > 0)) {
      return Optional.empty();
    }
    Map<HyperColumn, Double> shares = new LinkedHashMap<>();
    Map<HyperColumn, Integer> levels = new LinkedHashMap<>();
    for (int i = 0; i < swept.size(); i++) {
      int p = i;
      Map<Object, Double> marginal = cells.entrySet().stream().collect(Collectors.groupingBy(
          e -> Optional.ofNullable(e.getKey().get(p)), Collectors.averagingDouble(
              Map.Entry::getValue)));
      double main = marginal.values().stream().mapToDouble(v -> (v - mean) * (v - mean))
          .average().orElseThrow();
      shares.put(swept.get(i), main / total);
      levels.put(swept.get(i), values.get(swept.get(i)).size());
    }
    double sum = shares.values().stream().mapToDouble(Double::doubleValue).sum();
    return Optional.of(new Grid(trials.size(), levels, shares, Math.max(0, 1 - sum)));
  }

  /**
   * The importance blocks of a sweep: on all its finished trials when they form a full grid,
   * else on its largest stage that does (its grid filled from other stages, see
   * {@link StageGrid}), saying so; or why it cannot be computed.
   */
  static List<Block> blocks(List<Trial> trials) {
    List<Trial> finished = SearchSection.finished(trials);
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block.Text("Method: " + METHOD));
    Optional<Grid> sweep = ofFullGrid(finished);
    if (sweep.isPresent()) {
      blocks.add(new Block.Text("The sweep's " + finished.size() + " finished trials form a full"
          + " grid of its swept parameters (" + shape(sweep.get()) + ")."));
      blocks.add(table(sweep.get(), "the whole sweep"));
      return blocks;
    }
    Optional<Map.Entry<String, Grid>> largest = finished.stream().map(Trial::stage).distinct()
        .flatMap(stage -> ofFullGrid(SearchSection.finished(StageGrid.of(stage, trials)))
            .map(g -> Map.entry(stage, g)).stream())
        .max(Comparator.comparingInt(e -> e.getValue().trials()));
    String notGrid = "The sweep's finished trials are not a full grid of its "
        + HyperColumn.swept(finished).size() + " swept parameters, so the importance cannot be"
        + " computed over the whole sweep";
    if (largest.isEmpty()) {
      blocks.add(new Block.Text(notGrid + ", and no stage's finished trials form a full grid"
          + " of the parameters that stage sweeps with any variance in validation accuracy:"
          + " parameter importance cannot be computed for this sweep."));
      return blocks;
    }
    Grid g = largest.get().getValue();
    String stage = largest.get().getKey();
    List<Trial> borrowed = SearchSection.finished(StageGrid.borrowed(stage, trials));
    blocks.add(new Block.Text(notGrid + ". It is computed instead on stage " + stage
        + ", the largest stage whose finished trials form a full grid (" + shape(g) + ", "
        + g.trials() + " trials" + (borrowed.isEmpty() ? "" : ", " + borrowed.size()
            + " of them trained in stage " + StageGrid.stages(borrowed) + " and reused by it")
        + "); it says nothing of the parameters that stage does not sweep."));
    blocks.add(table(g, "stage " + largest.get().getKey()));
    return blocks;
  }

  private static String shape(Grid g) {
    return g.levels().entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
        .collect(Collectors.joining(" x "));
  }

  private static Block.Table table(Grid g, String scope) {
    List<List<String>> rows = new ArrayList<>();
    g.shares().entrySet().stream()
        .sorted(Map.Entry.<HyperColumn, Double>comparingByValue().reversed())
        .forEach(e -> rows.add(List.of(e.getKey().label(),
            String.valueOf(g.levels().get(e.getKey())), Format.share(e.getValue()))));
    rows.add(List.of("interactions", "", Format.share(g.interactions())));
    return new Block.Table("Parameter importance (" + scope + "): share of the variance of"
        + " validation accuracy", List.of("parameter", "values", "share of variance"), rows);
  }
}
