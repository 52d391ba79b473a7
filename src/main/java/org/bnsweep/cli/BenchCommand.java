package org.bnsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bnsweep.config.Settings;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.BlasLibrary;
import org.bnsweep.nn.FirstLayerSteps;
import org.bnsweep.nn.Precision;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.results.Json;
import org.bnsweep.sweep.SweepPlan;
import org.bnsweep.train.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bnsweep bench}: seconds per training epoch and GFLOP/s on one thread. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Time epochs of training updates only (no evaluation) of the configured"
        + " network, 3-layer [50, 50] with batch normalisation by default, on one thread, in"
        + " single and in double precision; print seconds per epoch and the GFLOP/s of its"
        + " matrix products."})
final class BenchCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--epochs", defaultValue = "3", description = "Timed epochs per precision after one warm-up epoch (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--precision", split = ",", defaultValue = "single,double",
      description = "Precisions to time (default ${DEFAULT-VALUE}).")
  List<String> precisions;

  @Option(names = "--sweep", paramLabel = "CONF",
      description = "Instead: run the sweep CONF (e.g. conf/bench-scaling.conf) at each of"
          + " --masters in turn, into fresh tables, and compare wall time, the sum of the"
          + " trials' own times, and the metrics.")
  Path sweep;

  @Option(names = "--masters", split = ",", defaultValue = "local[1],local[2]",
      description = "Masters for --sweep (default ${DEFAULT-VALUE}).")
  List<String> masters;

  @Option(names = "--json", description = "End with one line of JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("BLAS: " + BlasLibrary.loaded().describe() + "; " + BlasLibrary.productRoute());
    out.println("First layer's step: " + FirstLayerSteps.describe());
    BlasLibrary.loaded().slowerThanItShouldBe().ifPresent(System.err::println);
    if (sweep != null) {
      SweepPlan plan = SweepPlan.fromSettings(
          Settings.load(sweep, options.overrides, SweepPlan.OPEN_SECTIONS));
      List<Object> runs = SweepBenchmark.run(plan, masters, out);
      if (json) {
        out.println(Json.write(Map.of("sweep", plan.name(), "runs", runs)));
      }
      out.flush();
      return 0;
    }
    Settings settings = options.load();
    CifarData data = CifarData.load(settings.data());
    List<Object> runs = new ArrayList<>();
    for (String word : precisions) {
      Precision precision = parsePrecision(word);
      TrialConfig trial = settings.trial().with(Hyperparameters.PRECISION, precision);
      Benchmark.Result r = Benchmark.run(trial, trial.get(Hyperparameters.SEED), data.training(),
          epochs);
      out.printf("%-6s hidden %s BN %s: %.3f s per epoch (best %.3f s) of %d updates,"
              + " %.1f GFLOP per epoch, %.1f GFLOP/s%n", precision, trial.network().hidden(),
          trial.network().batchNorm() ? "on" : "off", r.meanSeconds(), r.bestSeconds(),
          r.updatesPerEpoch(), r.flopsPerEpoch() / 1e9, r.flopsPerEpoch() / 1e9 / r.bestSeconds());
      out.flush();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("precision", precision.label());
      m.put("hidden", trial.network().hidden());
      m.put("batch_norm", trial.network().batchNorm());
      m.put("updates_per_epoch", r.updatesPerEpoch());
      m.put("seconds_per_epoch", r.meanSeconds());
      m.put("best_seconds_per_epoch", r.bestSeconds());
      m.put("epoch_seconds", r.epochSeconds());
      m.put("gflop_per_epoch", r.flopsPerEpoch() / 1e9);
      m.put("gflops", r.flopsPerEpoch() / 1e9 / r.bestSeconds());
      runs.add(m);
    }
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("blas", BlasLibrary.loaded().describe());
      result.put("first_layer_step", FirstLayerSteps.describe());
      result.put("runs", runs);
      out.println(Json.write(result));
    }
    out.flush();
    return 0;
  }

  private static Precision parsePrecision(String word) {
    try {
      return Precision.ofLabel(word);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--precision " + e.getMessage(), e);
    }
  }
}
