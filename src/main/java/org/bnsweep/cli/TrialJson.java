package org.bnsweep.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.results.TrialColumns;
import org.bnsweep.train.TrialResult;

/** A trained trial as an ordered map for JSON, keyed by the results table's column names. */
final class TrialJson {
  private TrialJson() {}

  static Map<String, Object> result(TrialConfig config, long seed, TrialResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", TrialColumns.config(config));
    m.put("training_seed", seed);
    m.put("status", r.status().label());
    m.put("error", r.error());
    m.putAll(TrialColumns.result(r));
    return m;
  }
}
