package org.bnsweep.results;

/**
 * A stage's kind, as the table's {@code stage_type} column names it: the sampler that proposes its
 * trials and the scheduler that decides how far each trains. A value, not an enum: a new sampler
 * is one class, and the table names it without a change here.
 *
 * @param sampler grid, refine, random, tpe, ...
 * @param scheduler to-end, halving or asha
 */
public record StageType(String sampler, String scheduler) {
  public static final String TO_END = "to-end";
  public static final String HALVING = "halving";
  private static final String GRID = "grid";

  public StageType {
    if (!sampler.matches("[a-z][a-z0-9-]*") || !scheduler.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("a stage type is a sampler and a scheduler named in"
          + " lower case, got \"" + sampler + "\" and \"" + scheduler + "\"");
    }
  }

  /**
   * The kind the column's word names: "grid" or "refine" train to the end, "halving" is a grid
   * halved, "tpe+asha" names both.
   */
  public static StageType of(String word) {
    if (word.equals(HALVING)) {
      return new StageType(GRID, HALVING);
    }
    int plus = word.indexOf('+');
    return plus < 0 ? new StageType(word, TO_END)
        : new StageType(word.substring(0, plus), word.substring(plus + 1));
  }

  /** The column's word: the inverse of {@link #of}. */
  public String label() {
    if (scheduler.equals(TO_END)) {
      return sampler;
    }
    if (scheduler.equals(HALVING) && sampler.equals(GRID)) {
      return HALVING;
    }
    return sampler + "+" + scheduler;
  }

  /** True for synchronous successive halving, whose rungs the report draws. */
  public boolean halving() {
    return scheduler.equals(HALVING);
  }

  @Override
  public String toString() {
    return label();
  }
}
