package org.bnsweep.report;

import java.util.Locale;

/** Number formats shared by tables, legends and captions, fixed to Locale.ROOT. */
final class Format {
  private Format() {}

  /** An accuracy in [0, 1] as a percentage with two decimals, or "n/a" when not reached. */
  static String percent(double accuracy) {
    return Double.isNaN(accuracy) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100 * accuracy);
  }

  /** A hyperparameter such as lambda or sigma in compact scientific notation: 2.5e-03, 1e-04. */
  static String sci(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    String s = String.format(Locale.ROOT, "%.2e", v);
    int e = s.indexOf('e');
    String mantissa = s.substring(0, e).replaceAll("0+$", "").replaceAll("\\.$", "");
    return mantissa + s.substring(e);
  }

  /** A fraction of a whole, such as a share of variance, as a percentage with one decimal. */
  static String share(double fraction) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
  }

  static String seconds(double s) {
    return Double.isNaN(s) ? "n/a" : String.format(Locale.ROOT, "%.1f", s);
  }
}
