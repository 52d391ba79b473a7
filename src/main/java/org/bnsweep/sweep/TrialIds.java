package org.bnsweep.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.StringJoiner;
import org.bnsweep.params.Hyperparameter;
import org.bnsweep.params.Hyperparameters;
import org.bnsweep.params.TrialConfig;

/**
 * Deterministic trial ids and seeds. A trial's id is a hash of everything that decides its
 * numbers (every declared hyperparameter, the data split among them, and the sweep seed), so the
 * same trial planned again, by a restarted driver or another stage, has the same id, and two
 * trials that can differ in a single number never share one. Its training seed is a hash of the
 * sweep seed and the id: the same at any parallelism, after any retry.
 */
public final class TrialIds {
  private TrialIds() {}

  /** 16 hex digits of SHA-256 over the config's canonical text and the sweep seed. */
  public static String id(TrialConfig c, long sweepSeed) {
    return HexFormat.of().formatHex(sha256(canonical(c, sweepSeed)), 0, 8);
  }

  /** The seed a trial trains with. */
  public static long trainingSeed(long sweepSeed, String trialId) {
    return firstLong(sha256(sweepSeed + "/" + trialId));
  }

  private static long firstLong(byte[] h) {
    long seed = 0;
    for (int i = 0; i < 8; i++) {
      seed = (seed << 8) | (h[i] & 0xff);
    }
    return seed;
  }

  /**
   * The text an id hashes: every hyperparameter as name=value, in declaration order, then the
   * sweep seed. A hyperparameter added later (dropout, flip, shift) is left out while it has
   * its default: every trial planned before it existed had that behaviour, so its text, and
   * its id, stay what they were and a table written then is reused; set to anything else it
   * enters the text, so that trial gets another id.
   */
  static String canonical(TrialConfig c, long sweepSeed) {
    StringJoiner j = new StringJoiner(";");
    for (Hyperparameter<?> p : Hyperparameters.ALL) {
      String value = canonical(c, p);
      if (value != null) {
        j.add(p.name() + "=" + value);
      }
    }
    return j.add("sweep-seed=" + sweepSeed).toString();
  }

  /** Its value's canonical text, or null where it is left out of the id. */
  private static <T> String canonical(TrialConfig c, Hyperparameter<T> p) {
    T value = c.get(p);
    return p.leftOutOfId(value) ? null : p.type().canonical(value);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
