package org.bnsweep.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bnsweep.data.DataConfig;
import org.bnsweep.nn.NetworkConfig;
import org.bnsweep.train.TrainingConfig;
import org.bnsweep.train.TrialConfig;

/**
 * Deterministic trial ids and seeds. A trial's id is a hash of everything that decides its
 * numbers (network, training, replicate seed, data split), so the same trial planned again, by
 * a restarted driver or another stage, has the same id. Its training seed is a hash of the sweep
 * seed and the id: the same at any parallelism, after any retry.
 */
public final class TrialIds {
  private TrialIds() {}

  /** 16 hex digits of SHA-256 over the config's canonical text. */
  public static String id(TrialConfig c, DataConfig data) {
    return HexFormat.of().formatHex(sha256(canonical(c, data)), 0, 8);
  }

  /** The seed a trial trains with. */
  public static long trainingSeed(long sweepSeed, String trialId) {
    byte[] h = sha256(sweepSeed + "/" + trialId);
    long seed = 0;
    for (int i = 0; i < 8; i++) {
      seed = (seed << 8) | (h[i] & 0xff);
    }
    return seed;
  }

  static String canonical(TrialConfig c, DataConfig data) {
    NetworkConfig n = c.network();
    TrainingConfig t = c.training();
    return "hidden=" + n.hidden() + ";bn=" + n.batchNorm() + ";init=" + n.init()
        + ";bn-alpha=" + n.bnAlpha() + ";bn-epsilon=" + n.bnEpsilon()
        + ";lambda=" + t.lambda() + ";batch=" + t.batchSize() + ";eta=" + t.etaMin() + ","
        + t.etaMax() + ";step=" + t.stepSizeFor(data.trainingSize()) + ";cycles=" + t.cycles()
        + ";precision=" + t.precision() + ";seed=" + c.seed()
        + ";data=" + data.trainingSize() + "," + data.validationSize() + "," + data.testSize();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
