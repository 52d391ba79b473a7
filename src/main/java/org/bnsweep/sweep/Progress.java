package org.bnsweep.sweep;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.util.CollectionAccumulator;
import org.bnsweep.params.TrialStatus;

/**
 * The driver's console view of a running stage: a line per finished trial with the count, the
 * best validation accuracy so far and an estimate of the time left, and at most every {@value
 * #RUNNING_LINE_SECONDS} s a line of the trials still running with their epoch ("[coarse]
 * running 2: 3f2a1b2c.. epoch 7/20 val 0.4812, ..."). It polls the accumulator that Spark merges
 * on the driver as each task ends, and the running trials' heartbeats.
 */
final class Progress implements AutoCloseable {
  private final String stage;
  private final int total;
  private final int alreadyDone;
  private final CollectionAccumulator<TrialExecutor.Summary> finished;
  private final Function<String, String> describe;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private final Set<String> seen = new HashSet<>();
  private final Thread poller;
  private final Supplier<Map<String, String>> running;
  private final long runningIntervalNanos;
  private long lastRunningLine = System.nanoTime();
  private double best = Double.NaN;
  private String bestTrial;
  private volatile boolean polling = true;

  /** Seconds between lines of running trials in a sweep (tests give their runner less). */
  static final int RUNNING_LINE_SECONDS = 10;

  /** Running trials shown by id in one line; the rest are counted. */
  static final int RUNNING_SHOWN = 6;

  /**
   * @param total trials of the stage, including those already in the table
   * @param describe turns a trial id into its varied parameters, e.g. "lambda=0.001"
   * @param running the running trials' progress lines by trial id ("epoch 7/20 val 0.4812")
   * @param runningLineSeconds seconds between lines of running trials
   */
  Progress(String stage, int total, int alreadyDone,
      CollectionAccumulator<TrialExecutor.Summary> finished,
      Function<String, String> describe, Supplier<Map<String, String>> running,
      double runningLineSeconds, PrintStream out) {
    this.running = running;
    this.runningIntervalNanos = (long) (runningLineSeconds * 1e9);
    this.stage = stage;
    this.total = total;
    this.alreadyDone = alreadyDone;
    this.finished = finished;
    this.describe = describe;
    this.out = out;
    this.poller = new Thread(this::poll, "bnsweep-progress-" + stage);
    poller.setDaemon(true);
    poller.start();
  }

  private void poll() {
    while (polling) {
      report();
      if (System.nanoTime() - lastRunningLine >= runningIntervalNanos) {
        reportRunning();
        lastRunningLine = System.nanoTime();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Prints a line for every trial that finished since the last call. */
  synchronized void report() {
    List<TrialExecutor.Summary> values = finished.value();
    for (TrialExecutor.Summary s : values) {
      if (!seen.add(s.trialId())) {
        continue;
      }
      if (s.status() == TrialStatus.OK && !(s.valAccuracy() <= best)) {
        best = s.valAccuracy();
        bestTrial = s.trialId();
      }
      int done = alreadyDone + seen.size();
      double elapsed = (System.nanoTime() - start) / 1e9;
      double left = elapsed / seen.size() * (total - done);
      out.printf(Locale.ROOT, "[%s] %d/%d  %s %s  %s in %.1f s  best val %s  elapsed %s, about %s"
              + " left%n", stage, done, total, s.trialId(), describe.apply(s.trialId()),
          s.status().label() + (s.writeError() == null ? "" : ", not saved"), s.seconds(),
          bestTrial == null ? "-" : String.format(Locale.ROOT, "%.4f (%s)", best,
              describe.apply(bestTrial)),
          duration(elapsed), duration(left));
      out.flush();
    }
  }

  /** Prints one line of the trials running now, if any, with their epochs. */
  synchronized void reportRunning() {
    Map<String, String> lines = new java.util.TreeMap<>(running.get());
    lines.keySet().removeAll(seen);
    if (lines.isEmpty()) {
      return;
    }
    String shown = lines.entrySet().stream().limit(RUNNING_SHOWN)
        .map(e -> e.getKey().substring(0, Math.min(8, e.getKey().length())) + ".. "
            + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
    out.printf("[%s] running %d: %s%s%n", stage, lines.size(), shown,
        lines.size() > RUNNING_SHOWN ? " and " + (lines.size() - RUNNING_SHOWN) + " more" : "");
    out.flush();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }

  @Override
  public void close() {
    polling = false;
    poller.interrupt();
    try {
      poller.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    report();
  }
}
