package org.bnsweep.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bnsweep.nn.NetworkConfig;
import org.bnsweep.train.EpochRecord;
import org.bnsweep.train.TrainingConfig;
import org.bnsweep.train.TrialConfig;
import org.bnsweep.train.TrialResult;

/** Trial configs and results as ordered maps, for JSON output. */
final class TrialJson {
  private TrialJson() {}

  static Map<String, Object> config(TrialConfig c) {
    NetworkConfig n = c.network();
    TrainingConfig t = c.training();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hidden", n.hidden());
    m.put("batch_norm", n.batchNorm());
    m.put("init", n.init().toString());
    m.put("bn_alpha", n.bnAlpha());
    m.put("bn_epsilon", n.bnEpsilon());
    m.put("lambda", t.lambda());
    m.put("batch_size", t.batchSize());
    m.put("eta_min", t.etaMin());
    m.put("eta_max", t.etaMax());
    m.put("step_size", t.stepSize() == 0 ? "auto" : t.stepSize());
    m.put("cycles", t.cycles());
    m.put("precision", t.precision());
    m.put("seed", c.seed());
    return m;
  }

  static Map<String, Object> result(TrialResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", config(r.config()));
    m.put("status", r.status().label());
    m.put("error", r.error());
    m.put("train_loss", r.trainLoss());
    m.put("train_cost", r.trainCost());
    m.put("train_accuracy", r.trainAccuracy());
    m.put("val_loss", r.valLoss());
    m.put("val_cost", r.valCost());
    m.put("val_accuracy", r.valAccuracy());
    m.put("test_accuracy", r.testAccuracy());
    m.put("updates", r.updates());
    m.put("training_seconds", r.trainingSeconds());
    m.put("seconds", r.seconds());
    List<Map<String, Object>> curve = new ArrayList<>();
    for (EpochRecord e : r.curve()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("epoch", e.epoch());
      p.put("updates", e.updates());
      p.put("eta", e.eta());
      p.put("train_loss", e.trainLoss());
      p.put("train_cost", e.trainCost());
      p.put("train_accuracy", e.trainAccuracy());
      p.put("val_loss", e.valLoss());
      p.put("val_cost", e.valCost());
      p.put("val_accuracy", e.valAccuracy());
      p.put("seconds", e.seconds());
      curve.add(p);
    }
    m.put("curve", curve);
    return m;
  }
}
