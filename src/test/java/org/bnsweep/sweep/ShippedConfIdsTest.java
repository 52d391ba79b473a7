package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bnsweep.config.Settings;
import org.bnsweep.train.TrialConfig;
import org.junit.jupiter.api.Test;

/**
 * Every shipped sweep plans the trials it planned before samplers and schedulers became types
 * of their own: the ids of each stage's planned trials, in order, as computed by the code of
 * commit a720da0 (src/test/resources/shipped-trial-ids.txt, written by {@link #main}).
 */
class ShippedConfIdsTest {
  static final Path PINNED = Path.of("src/test/resources/shipped-trial-ids.txt");

  @Test
  void everyShippedConfPlansTheSameTrialIds() throws IOException {
    List<String> pinned = Files.readAllLines(PINNED);
    List<String> now = lines(pinned.stream().map(l -> l.split(" ", 2)[0]).distinct().toList());
    assertEquals(pinned, now);
  }

  /** One line per stage: "conf stage id id id ...". */
  static List<String> lines(List<String> confs) {
    List<String> lines = new ArrayList<>();
    for (String conf : confs) {
      SweepPlan plan = SweepPlan.fromSettings(Settings.load(Path.of(conf), List.of(),
          SweepPlan.OPEN_SECTIONS));
      for (Map.Entry<String, List<TrialConfig>> e : plan.planned().entrySet()) {
        StringBuilder line = new StringBuilder(conf + " " + e.getKey());
        for (TrialConfig c : e.getValue()) {
          line.append(' ').append(TrialIds.id(c, plan.seed()));
        }
        lines.add(line.toString());
      }
    }
    return lines;
  }

  /** Writes the pinned file from the shipped confs named on the command line. */
  public static void main(String[] args) throws IOException {
    Files.write(PINNED, lines(Stream.of(args).toList()));
  }
}
