package org.bnsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stage_type column's words and the kinds they name, both ways. */
class StageTypeTest {

  @ParameterizedTest
  @CsvSource({"grid, grid, to-end, false", "refine, refine, to-end, false",
      "halving, grid, halving, true", "tpe+asha, tpe, asha, false",
      "random+asha, random, asha, false", "grid+asha, grid, asha, false"})
  void eachWordNamesOneKindAndBack(String word, String sampler, String scheduler,
      boolean halving) {
    StageType type = StageType.of(word);
    assertEquals(new StageType(sampler, scheduler), type);
    assertEquals(word, type.label());
    assertEquals(halving, type.halving());
  }

  @org.junit.jupiter.api.Test
  void aBadNameIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> StageType.of("Grid"));
    assertThrows(IllegalArgumentException.class, () -> StageType.of("tpe+"));
    assertTrue(new StageType("refine", "halving").halving());
    assertFalse(StageType.of("refine").halving());
  }
}
