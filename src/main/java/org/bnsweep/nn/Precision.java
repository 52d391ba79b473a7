package org.bnsweep.nn;

import java.util.Locale;

/**
 * The precision of the first layer's two products (3,072-long sums, nearly all of a trial's
 * arithmetic). Every other layer, the parameters and the gradient check are in double.
 */
public enum Precision {
  /** sgemm: twice the BLAS throughput of double, and the same accuracy after training. */
  SINGLE,
  DOUBLE;

  /** The word used in config files and the results table: single, double. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The precision a word names; throws naming the word and the choices otherwise. */
  public static Precision ofLabel(String word) {
    for (Precision p : values()) {
      if (p.label().equals(word)) {
        return p;
      }
    }
    throw new IllegalArgumentException("must be single or double, got \"" + word + "\"");
  }

  @Override
  public String toString() {
    return label();
  }
}
