package org.bnsweep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.TrialColumns;
import org.knowm.xchart.CategoryChart;

/**
 * Section 4: how the sweep ran. Trials by status, a histogram of wall time per trial, the
 * slowest trials, the executors used, and the errors of trials that did not finish.
 */
final class RunSummarySection {
  static final String TITLE = "Run summary";
  static final int SLOWEST = 5;
  private static final int MAX_ERRORS = 10;
  private static final int ERROR_CHARS = 160;

  private RunSummarySection() {}

  static Section build(List<Trial> trials, Figures figures) {
    List<Block> blocks = new ArrayList<>();
    double total = trials.stream().mapToDouble(Trial::seconds).filter(Double::isFinite).sum();
    blocks.add(new Block.Text(String.format(Locale.ROOT,
        "%d trials, %.1f trial-seconds of wall time in all (%.2f h).", trials.size(), total,
        total / 3600)));
    blocks.add(byStatus(trials));
    List<Trial> timed = trials.stream().filter(t -> Double.isFinite(t.seconds())).toList();
    if (timed.isEmpty()) {
      blocks.add(new Block.Text("no trial recorded its wall time"));
    } else {
      blocks.add(figures.save(histogram(timed), "wall-time.png",
          "Wall time per trial, " + timed.size() + " trials."));
      blocks.add(slowest(timed));
    }
    blocks.add(byExecutor(trials));
    blasWarning(trials).ifPresent(blocks::add);
    provenance(trials).ifPresent(blocks::add);
    errors(trials).ifPresent(blocks::add);
    return new Section(TITLE, blocks);
  }

  /**
   * Trials by where their numbers came from (build, Java, Spark, BLAS kernel, host): rows of
   * tables written before these columns existed have none.
   */
  private static Optional<Block> provenance(List<Trial> trials) {
    List<Trial> known = trials.stream().filter(t -> !t.provenance().isEmpty()).toList();
    if (known.isEmpty()) {
      return Optional.empty();
    }
    List<String> columns = TrialColumns.PROVENANCE.stream().map(TrialColumns.Column::name)
        .toList();
    Map<List<String>, Long> counts = new TreeMap<>(Comparator.comparing(Object::toString));
    for (Trial t : known) {
      counts.merge(columns.stream().map(c -> t.provenance().getOrDefault(c, "n/a")).toList(),
          1L, Long::sum);
    }
    List<String> header = new ArrayList<>(columns);
    header.add("trials");
    return Optional.of(new Block.Table("Where the trials ran", header,
        counts.entrySet().stream().map(e -> {
          List<String> row = new ArrayList<>(e.getKey());
          row.add(e.getValue().toString());
          return row;
        }).toList()));
  }

  /** Trials trained on different BLAS kernels: their numbers differ in the last bits. */
  private static Optional<Block> blasWarning(List<Trial> trials) {
    List<String> kernels = trials.stream().map(t -> t.provenance().get("blas"))
        .filter(java.util.Objects::nonNull).distinct().sorted().toList();
    if (kernels.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(new Block.Text("Warning: the trials of this sweep ran on "
        + kernels.size() + " BLAS libraries or kernels (" + String.join(", ", kernels)
        + "), so their numbers are not comparable bit for bit: a trial repeated on another"
        + " kernel differs in the last digits."));
  }

  private static Block.Table byStatus(List<Trial> trials) {
    // ok, diverged, failed always (a zero is news too), then stopped where halving stopped any.
    Map<String, Long> counts = new LinkedHashMap<>();
    for (TrialStatus s : List.of(TrialStatus.OK, TrialStatus.DIVERGED, TrialStatus.FAILED,
        TrialStatus.STOPPED)) {
      long n = trials.stream().filter(t -> t.status() == s).count();
      if (n > 0 || s != TrialStatus.STOPPED) {
        counts.put(s.label(), n);
      }
    }
    return new Block.Table("Trials by status", List.of("status", "trials"),
        counts.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue().toString()))
            .toList());
  }

  /** Equal-width bins, about the square root of the trial count of them (at most 20). */
  static CategoryChart histogram(List<Trial> timed) {
    double min = timed.stream().mapToDouble(Trial::seconds).min().orElseThrow();
    double max = timed.stream().mapToDouble(Trial::seconds).max().orElseThrow();
    int bins = max > min ? (int) Math.min(20, Math.ceil(Math.sqrt(timed.size()))) : 1;
    double width = bins == 1 ? 1 : (max - min) / bins;
    long[] counts = new long[bins];
    for (Trial t : timed) {
      counts[Math.min(bins - 1, (int) ((t.seconds() - min) / width))]++;
    }
    List<String> labels = new ArrayList<>();
    List<Long> ys = new ArrayList<>();
    for (int i = 0; i < bins; i++) {
      labels.add(bins == 1 ? Format.seconds(min)
          : Format.seconds(min + i * width) + "-" + Format.seconds(min + (i + 1) * width));
      ys.add(counts[i]);
    }
    CategoryChart chart = Figures.barChart("Wall time per trial", "wall time per trial (seconds)",
        "trials");
    chart.addSeries("trials", labels, ys).setFillColor(Figures.BN_ON);
    return chart;
  }

  private static Block.Table slowest(List<Trial> timed) {
    return new Block.Table("Slowest trials", List.of("stage", "trial", "seconds", "status"),
        timed.stream().sorted(Comparator.comparingDouble(Trial::seconds).reversed())
            .limit(SLOWEST)
            .map(t -> List.of(t.stage(), t.trialId(), Format.seconds(t.seconds()),
                t.status().label()))
            .toList());
  }

  private static Block.Table byExecutor(List<Trial> trials) {
    Map<String, List<Trial>> by = new TreeMap<>(trials.stream()
        .collect(Collectors.groupingBy(Trial::executor)));
    return new Block.Table("Executors used (" + by.size() + ")",
        List.of("executor", "trials", "seconds"),
        by.entrySet().stream().map(e -> List.of(e.getKey(), String.valueOf(e.getValue().size()),
            Format.seconds(e.getValue().stream().mapToDouble(Trial::seconds)
                .filter(Double::isFinite).sum()))).toList());
  }

  private static Optional<Block> errors(List<Trial> trials) {
    List<Trial> bad = trials.stream().filter(t -> !t.ok()).toList();
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    String caption = "Trials that did not finish"
        + (bad.size() > MAX_ERRORS ? " (first " + MAX_ERRORS + " of " + bad.size() + ")" : "");
    return Optional.of(new Block.Table(caption,
        List.of("stage", "trial", "status", "error"),
        bad.stream().limit(MAX_ERRORS).map(t -> List.of(t.stage(), t.trialId(), t.status().label(),
            shorten(t.error()))).toList()));
  }

  private static String shorten(String error) {
    if (error == null) {
      return "";
    }
    String line = error.replaceAll("\\s+", " ").trim();
    return line.length() <= ERROR_CHARS ? line : line.substring(0, ERROR_CHARS - 3) + "...";
  }
}
