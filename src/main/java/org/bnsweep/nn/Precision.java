package org.bnsweep.nn;

import java.util.Locale;

/**
 * The precision of a trial's matrix products. The parameters, their updates, batch
 * normalisation and the gradient check are in double whatever it is.
 */
public enum Precision {
  /**
   * The first layer's two products (3,072-long sums, nearly all of the default network's
   * arithmetic) in sgemm, every other layer in double: twice the BLAS throughput of double, and
   * the same accuracy after training.
   */
  SINGLE,
  /** Every product in dgemm. */
  DOUBLE,
  /**
   * Every layer's products in sgemm: {@link #SINGLE}, and the layers above the first too, whose
   * products weigh in wide networks (42 of the 318 GFLOP of an epoch of [500, 250, 100, 50]).
   * Their operands are rounded to float for each product and the results widened back to
   * double, so the numbers differ from {@link #SINGLE}'s; opt-in, for speed.
   */
  SINGLE_ALL;

  /** The word used in config files and the results table: single, double, single-all. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True if the first layer's products run in sgemm on float inputs. */
  public boolean floatInputs() {
    return this != DOUBLE;
  }

  /** True if the products of the layers above the first run in sgemm too. */
  public boolean floatUpperLayers() {
    return this == SINGLE_ALL;
  }

  /** The precision a word names; throws naming the word and the choices otherwise. */
  public static Precision ofLabel(String word) {
    for (Precision p : values()) {
      if (p.label().equals(word)) {
        return p;
      }
    }
    throw new IllegalArgumentException("must be single, double or single-all, got \"" + word
        + "\"");
  }

  @Override
  public String toString() {
    return label();
  }
}
