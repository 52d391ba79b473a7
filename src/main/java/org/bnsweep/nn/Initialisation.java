package org.bnsweep.nn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;

/**
 * How the weights start: He et al. (2015), N(0, 2 / fan_in), or N(0, sigma^2) at every layer.
 * Biases and beta start at 0 and gamma at 1 either way.
 *
 * @param sigma the standard deviation, or {@code NaN} for He
 */
public record Initialisation(double sigma) implements java.io.Serializable {

  public static final Initialisation HE = new Initialisation(Double.NaN);

  public Initialisation {
    if (!Double.isNaN(sigma) && !(sigma > 0 && Double.isFinite(sigma))) {
      throw new IllegalArgumentException(
          "network.init must be \"he\" or a standard deviation > 0, got " + sigma);
    }
  }

  public static Initialisation gaussian(double sigma) {
    return new Initialisation(sigma);
  }

  public boolean isHe() {
    return Double.isNaN(sigma);
  }

  /** The standard deviation for a layer with {@code fanIn} inputs. */
  public double stdFor(int fanIn) {
    return isHe() ? Math.sqrt(2.0 / fanIn) : sigma;
  }

  /** Reads {@code key}: the string {@code he}, or a number taken as sigma. */
  public static Initialisation fromConfig(Config c, String key) {
    if (c.getValue(key).valueType() == ConfigValueType.STRING) {
      String s = c.getString(key).trim();
      if (s.equalsIgnoreCase("he")) {
        return HE;
      }
      try {
        return gaussian(Double.parseDouble(s));
      } catch (NumberFormatException e) {
        throw new ConfigException.BadValue(c.origin(), key,
            "must be \"he\" or a standard deviation such as 1e-4, got \"" + s + "\"");
      }
    }
    return gaussian(c.getDouble(key));
  }

  @Override
  public String toString() {
    return isHe() ? "he" : Double.toString(sigma);
  }
}
