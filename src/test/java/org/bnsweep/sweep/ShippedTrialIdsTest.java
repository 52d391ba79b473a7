package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bnsweep.Fixtures;
import org.bnsweep.config.Settings;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.junit.jupiter.api.Test;

/**
 * Every shipped experiment (conf/*.conf) plans the trial ids it planned before the
 * hyperparameters of issue 20 (augmentation, dropout) were added: a results table written by an
 * older bnsweep is reused, not retrained. The pinned ids in pins/shipped-trial-ids.txt were
 * computed on main before that change; regenerate them (-Dbnsweep.pins.write=true) only when a
 * change is meant to change ids, and say so in the commit.
 */
class ShippedTrialIdsTest {
  private static final String PINS = "src/test/resources/pins/shipped-trial-ids.txt";

  /** One line per planned trial: conf file, stage (or "base"), index, id. */
  static List<String> currentIds() throws IOException {
    List<String> lines = new ArrayList<>();
    // The confs that were shipped when the ids were pinned; a conf added since has no ids to
    // keep (conf/adaptive-search.conf, for one).
    List<Path> confs = Files.readAllLines(Path.of(PINS)).stream()
        .map(l -> Path.of("conf", l.split(" ", 2)[0])).distinct().toList();
    for (Path conf : confs) {
      Settings settings = Settings.load(conf,
          List.of("data.dir=\"" + Fixtures.cifarDir() + "\""), SweepPlan.OPEN_SECTIONS);
      SweepPlan plan = SweepPlan.fromSettings(settings);
      String name = conf.getFileName().toString();
      lines.add(name + " base 0 " + TrialIds.id(settings.trial(), plan.seed()));
      for (Map.Entry<String, List<TrialConfig>> e : plan.planned().entrySet()) {
        List<TrialConfig> configs = e.getValue();
        for (int i = 0; i < configs.size(); i++) {
          lines.add(name + " " + e.getKey() + " " + i + " "
              + TrialIds.id(configs.get(i), plan.seed()));
        }
      }
    }
    return lines;
  }

  @Test
  void everyShippedConfPlansThePinnedIds() throws IOException {
    Fixtures.assertPinned(PINS, currentIds(), "a shipped conf plans other trial ids than before");
  }

  /** Positive control: a changed value does change the id, so the pins can catch a change. */
  @Test
  void aChangedValueChangesTheId() throws IOException {
    TrialConfig base = Settings.defaults().trial();
    assertNotEquals(TrialIds.id(base, 1),
        TrialIds.id(base.with(Hyperparameters.LAMBDA, base.get(Hyperparameters.LAMBDA) * 2), 1));
  }
}
