package org.bnsweep.nn;

import java.io.Serializable;

/**
 * How the weights start: He et al. (2015), N(0, 2 / fan_in), or N(0, sigma^2) at every layer.
 * Biases and beta start at 0 and gamma at 1 either way.
 */
public sealed interface Initialisation extends Serializable
    permits Initialisation.He, Initialisation.Gaussian {

  /** He initialisation. */
  Initialisation HE = new He();

  /** The standard deviation for a layer with {@code fanIn} inputs. */
  double stdFor(int fanIn);

  static Initialisation gaussian(double sigma) {
    return new Gaussian(sigma);
  }

  /** N(0, 2 / fan_in): the variance that keeps ReLU activations at scale (He et al. 2015). */
  record He() implements Initialisation {
    @Override
    public double stdFor(int fanIn) {
      return Math.sqrt(2.0 / fanIn);
    }

    @Override
    public String toString() {
      return "he";
    }
  }

  /** N(0, sigma^2) at every layer, whatever its fan-in. */
  record Gaussian(double sigma) implements Initialisation {
    public Gaussian {
      if (!(sigma > 0 && Double.isFinite(sigma))) {
        throw new IllegalArgumentException("must be \"he\" or a standard deviation > 0, got "
            + sigma);
      }
    }

    @Override
    public double stdFor(int fanIn) {
      return sigma;
    }

    @Override
    public String toString() {
      return Double.toString(sigma);
    }
  }
}
