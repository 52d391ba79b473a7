package org.bnsweep.sweep;

import java.util.ArrayList;
import java.util.List;
import org.bnsweep.params.Setting;
import org.bnsweep.params.TrialConfig;

/**
 * The corners of a search space: every value of each list with both ends of each range. A
 * sampler that learns may propose any point of its space, so its plan cannot be listed in
 * advance; its corners bound what its trials need (memory, widths) and are checked instead.
 */
final class SpaceCorners {
  /** Past this, the corners are a typo's product, not a space. */
  private static final int MAX = 10_000;

  private SpaceCorners() {}

  static List<TrialConfig> of(Stage stage, Stage.Base base) {
    List<List<Setting<?>>> product = List.of(List.of());
    for (Axis axis : stage.axes()) {
      List<Setting<?>> values = new ArrayList<>();
      if (axis.distribution() instanceof Distribution.Choices c) {
        values.addAll(c.values());
      } else {
        Distribution.Range r = (Distribution.Range) axis.distribution();
        values.add(axis.setting(r.from()));
        values.add(axis.setting(r.to()));
      }
      List<List<Setting<?>>> next = GridSampler.times(product, values);
      if (next.size() > MAX) {
        throw new IllegalArgumentException(axis.at() + ": the space of stage " + stage.name()
            + " has more than " + MAX + " corners; use ranges instead of long lists");
      }
      product = next;
    }
    List<TrialConfig> configs = new ArrayList<>();
    for (List<Setting<?>> point : product) {
      TrialConfig c = stage.config(base, point);
      if (!configs.contains(c)) {
        configs.add(c);
      }
    }
    return configs;
  }
}
