package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.bnsweep.config.Settings;
import org.bnsweep.nn.Initialisation;
import org.bnsweep.nn.Precision;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrialIdsTest {

  static List<Hyperparameter<?>> everyHyperparameter() {
    return Hyperparameters.ALL;
  }

  /**
   * Every declared hyperparameter decides a trial's numbers, so changing any one of them must
   * change the id: one left out of the id would make a resumed sweep skip a trial it never ran.
   */
  @ParameterizedTest
  @MethodSource("everyHyperparameter")
  void changingAnyHyperparameterChangesTheId(Hyperparameter<?> p) {
    TrialConfig base = Settings.defaults().trial();
    TrialConfig other = withAnotherValue(base, p);
    assertNotEquals(base, other, "the variant differs in " + p.name());
    assertNotEquals(TrialIds.id(base, 1), TrialIds.id(other, 1), p.name() + " is not in the id");
  }

  @ParameterizedTest
  @MethodSource("everyHyperparameter")
  void theIdIsStableForEqualConfigs(Hyperparameter<?> p) {
    TrialConfig base = Settings.defaults().trial();
    assertEquals(TrialIds.id(base, 1), TrialIds.id(base.toBuilder().build(), 1));
  }

  @org.junit.jupiter.api.Test
  void theSweepSeedIsInTheId() {
    TrialConfig base = Settings.defaults().trial();
    assertNotEquals(TrialIds.id(base, 1), TrialIds.id(base, 2));
  }

  @org.junit.jupiter.api.Test
  void autoAndItsValueAreOneTrial() {
    TrialConfig explicit = Settings.defaults().trial();
    TrialConfig auto = explicit.toBuilder().auto(Hyperparameters.STEP_SIZE).build();
    assertEquals(TrialIds.id(explicit, 1), TrialIds.id(auto, 1));
  }

  /** The same config with a different, valid value of {@code p}. */
  @SuppressWarnings("unchecked")
  private static <T> TrialConfig withAnotherValue(TrialConfig c, Hyperparameter<T> p) {
    T value = c.get(p);
    Object other;
    if (value instanceof Boolean b) {
      other = !b;
    } else if (value instanceof Initialisation) {
      other = Initialisation.gaussian(1e-3);
    } else if (value instanceof Precision pr) {
      other = pr == Precision.SINGLE ? Precision.DOUBLE : Precision.SINGLE;
    } else if (value instanceof List<?> widths) {
      List<Integer> more = new ArrayList<>((List<Integer>) widths);
      more.add(10);
      other = more;
    } else {
      // Numbers: a little smaller keeps every check (sizes, rates, alpha < 1) satisfied.
      double x = p.type().toNumber(value);
      other = p.type().fromNumber(x * 0.9);
      if (other.equals(value)) { // small whole numbers: 2 * 0.9 rounds back to 2; and 0
        other = p.type().fromNumber(x == 0 ? 0.5 : x + 1);
      }
    }
    return c.with(p, (T) other);
  }
}
