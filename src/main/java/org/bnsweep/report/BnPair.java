package org.bnsweep.report;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The BN on and BN off trials a figure or table row compares. The comparison is like for like
 * when the two differ in batch normalisation alone: a pair that also differs in, say, cycles
 * would credit batch normalisation with what longer training did.
 */
record BnPair(Optional<Trial> on, Optional<Trial> off) {

  /**
   * Of {@code candidates} (already narrowed to what the figure shows, such as one depth), the
   * pair with the fewest other differences; of those, the one with more trials in {@code own}
   * (the trials of the section's own stages, see {@link StageGrid#idsOfStagesSweeping}); then
   * the best mean validation accuracy. When one side has no candidate, the best of the other.
   */
  static BnPair pick(List<Trial> candidates, Set<String> own) {
    List<Trial> ons = candidates.stream().filter(Trial::batchNorm).toList();
    List<Trial> offs = candidates.stream().filter(t -> !t.batchNorm()).toList();
    if (ons.isEmpty() || offs.isEmpty()) {
      return new BnPair(ons.stream().sorted(Trial.BEST_FIRST).findFirst(),
          offs.stream().sorted(Trial.BEST_FIRST).findFirst());
    }
    Comparator<BnPair> closestFirst = Comparator
        .comparingInt((BnPair p) -> p.differences().size())
        .thenComparing(Comparator.comparingLong((BnPair p) -> p.both()
            .filter(t -> own.contains(t.trialId())).count()).reversed())
        .thenComparing(Comparator.comparingDouble(BnPair::meanAccuracy).reversed());
    return ons.stream()
        .flatMap(on -> offs.stream().map(off -> new BnPair(Optional.of(on), Optional.of(off))))
        .min(closestFirst).orElseThrow();
  }

  /** The hyperparameters other than batch-norm in which the two differ; empty for one trial. */
  List<HyperColumn> differences() {
    if (on.isEmpty() || off.isEmpty()) {
      return List.of();
    }
    return HyperColumn.values().stream().filter(c -> c != HyperColumn.BATCH_NORM
        && !Objects.equals(on.get().param(c), off.get().param(c))).toList();
  }

  /**
   * For a caption: that the two differ in batch normalisation alone, or, when no candidate pair
   * did, what else differs (" ... also differ in cycles (3 vs 2)."); empty for one trial.
   */
  String likeForLike() {
    if (on.isEmpty() || off.isEmpty()) {
      return "";
    }
    List<HyperColumn> d = differences();
    if (d.isEmpty()) {
      return " The two trials differ in batch normalisation alone.";
    }
    return " No BN on and BN off trials here differ in batch normalisation alone; these two also"
        + " differ in " + d.stream().map(c -> c.label() + " (" + c.format(on.get().param(c))
            + " vs " + c.format(off.get().param(c)) + ")").collect(Collectors.joining(", "))
        + ".";
  }

  private Stream<Trial> both() {
    return Stream.concat(on.stream(), off.stream());
  }

  /** Mean validation accuracy of the two; a trial without one (NaN) counts below any. */
  private double meanAccuracy() {
    return both().mapToDouble(t -> Double.isNaN(t.valAccuracy()) ? -1 : t.valAccuracy())
        .average().orElse(-1);
  }
}
