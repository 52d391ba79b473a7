package org.bnsweep.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bnsweep.config.Settings;
import org.bnsweep.data.CifarData;
import org.bnsweep.nn.BlasLibrary;
import org.bnsweep.nn.FirstLayerSteps;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.Json;
import org.bnsweep.train.EpochRecord;
import org.bnsweep.train.Trainer;
import org.bnsweep.train.TrialMemory;
import org.bnsweep.train.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bnsweep train}: one network, trained and tested on this machine. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train one network with the settings of reference.conf, a --conf file and"
        + " --set overrides; print per-epoch curves and the final validation and test accuracy.",
        "Exit status: 0 trained, 1 error, 3 diverged (loss NaN or infinite)."})
final class TrainCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--json", description = "End with one line of JSON: config, losses, accuracies, curves.")
  boolean json;

  @Option(names = "--training-seed", paramLabel = "N",
      description = "Seed of the initialisation; default: the config's seed. A sweep's trial"
          + " trains with its own (column training_seed): the report's retrain command sets it.")
  Long trainingSeed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = options.load();
    TrialConfig trial = settings.trial();
    TrialMemory.of(trial).check("network.hidden " + trial.show(Hyperparameters.HIDDEN),
        TrialMemory.dataBytes(settings.data()), "the data", Runtime.getRuntime().maxMemory(),
        "the JVM's heap", "BNSWEEP_HEAP");
    out.println("BLAS: " + BlasLibrary.loaded().describe() + "; " + BlasLibrary.productRoute());
    out.println("First layer's step: " + FirstLayerSteps.describe());
    BlasLibrary.loaded().slowerThanItShouldBe().ifPresent(System.err::println);
    long t0 = System.nanoTime();
    CifarData data = CifarData.load(settings.data());
    out.printf("data: %d training, %d validation, %d test images from %s (%.1f s)%n",
        data.training().count(), data.validation().count(), data.test().count(),
        settings.data().dir(), (System.nanoTime() - t0) / 1e9);
    out.println("trial: " + trial);
    out.flush();
    long seed = trainingSeed == null ? trial.get(Hyperparameters.SEED) : trainingSeed;
    Trainer.Listener print = new Trainer.Listener() {
      @Override
      public void evaluated(EpochRecord e) {
        out.printf("epoch %3d  updates %6d  eta %.5f  train loss %.4f cost %.4f acc %.4f"
                + "  val loss %.4f cost %.4f acc %.4f  %6.1f s%n", e.epoch(), e.updates(),
            e.eta(), e.trainLoss(), e.trainCost(), e.trainAccuracy(), e.valLoss(), e.valCost(),
            e.valAccuracy(), e.seconds());
        out.flush();
      }
    };
    // The sweep's executors train this way too: the same seed gives the same numbers as the
    // sweep's row.
    TrialResult r = Trainer.train(trial, seed, data, trial.get(Hyperparameters.CYCLES),
        Optional.empty(), print);
    out.printf("status %s: validation accuracy %.4f, test accuracy %.4f; %.1f s training,"
            + " %.1f s in all (%.3f s per epoch of updates)%n", r.status().label(),
        r.valAccuracy(), r.testAccuracy(), r.trainingSeconds(), r.seconds(),
        r.trainingSeconds() / Math.max(1, r.curve().size()));
    if (json) {
      out.println(Json.write(TrialJson.result(trial, seed, r)));
    }
    out.flush();
    if (r.status() == TrialStatus.DIVERGED) {
      spec.commandLine().getErr().println("bnsweep train: error: " + r.error()
          + "; lower training.eta-max or training.lambda");
      return 3;
    }
    ClassArchive.ranFully();
    return 0;
  }
}
