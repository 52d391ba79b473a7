package org.bnsweep.sweep;

import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.bnsweep.data.CifarData;
import org.bnsweep.data.CifarSplit;

/**
 * The data set as an executor JVM holds it: normalised once from the broadcast raw split, then
 * shared read-only by every trial that runs in this JVM. Only the latest sweep's data is kept,
 * so a long-lived JVM running many sweeps holds one copy.
 */
final class ExecutorData {
  /** Application id and broadcast id: broadcast ids start again in every SparkContext. */
  private static String key;
  private static CifarData data;

  private ExecutorData() {}

  /** The normalised data of {@code split}; the first trial in this JVM decodes, others wait. */
  static synchronized CifarData get(Broadcast<CifarSplit> split) {
    String wanted = SparkEnv.get().conf().getAppId() + "/" + split.id();
    if (!wanted.equals(key)) {
      data = null; // let the old copy go before the new one is made
      data = split.value().normalise();
      key = wanted;
    }
    return data;
  }
}
