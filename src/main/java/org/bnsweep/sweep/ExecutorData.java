package org.bnsweep.sweep;

import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.DataConfig;

/**
 * The data set as an executor JVM holds it: decoded and normalised once from the broadcast raw
 * bytes, then shared read-only by every trial that runs in this JVM. Only the latest sweep's
 * data is kept, so a long-lived JVM running many sweeps holds one copy.
 */
final class ExecutorData {
  private static Object key;
  private static CifarData data;

  private ExecutorData() {}

  /** The decoded data of {@code files}; the first trial in this JVM decodes, others wait. */
  static synchronized CifarData get(Broadcast<Map<String, byte[]>> files, DataConfig config) {
    Object wanted = java.util.List.of(files.id(), config);
    if (!wanted.equals(key)) {
      data = null; // let the old copy go before the new one is made
      data = CifarData.fromFiles(files.value(), config);
      key = wanted;
    }
    return data;
  }
}
