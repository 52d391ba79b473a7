package org.bnsweep.results;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.bnsweep.config.Settings;
import org.bnsweep.params.TrialConfig;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.train.TrialResult;

/** Rows for the results table's tests: one small trial, told apart by who wrote it. */
final class TrialRows {
  private TrialRows() {}

  private static final TrialConfig CONFIG = Settings.defaults().trial();
  private static final Provenance PROVENANCE =
      new Provenance("test", "17", "4.1.1", "test-blas", "localhost");

  /** A fresh trial id: 16 hex digits, as the sweep makes them. */
  static String newId() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A trial's row; {@code writer} goes into the executor column to tell writers apart. */
  static TrialRow row(String id, TrialStatus status, String writer) {
    TrialResult result = status == TrialStatus.FAILED
        ? TrialResult.failed("injected by a test", 1)
        : new TrialResult(status, null, List.of(), 1.5, 1.6, 0.4, 1.7, 1.8, 0.35, 0.34,
            2000, 3, 4);
    Instant now = Instant.now();
    return new TrialRow("stage", StageType.of("grid"), null, null, id, CONFIG, 8, result, writer,
        0, now, now, PROVENANCE);
  }
}
