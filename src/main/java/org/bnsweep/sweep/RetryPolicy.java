package org.bnsweep.sweep;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * How many attempts Spark gives a task, so that a trial can tell whether its failure is final
 * and should be recorded as {@code failed} (rather than fail the task and, on the last attempt,
 * the whole stage). In local mode Spark ignores {@code spark.task.maxFailures} and takes the
 * count from the master URL: {@code local[N]} makes one attempt, {@code local[N, F]} F.
 */
final class RetryPolicy {
  private static final Pattern LOCAL_WITH_RETRIES =
      Pattern.compile("local\\[\\s*(\\*|\\d+)\\s*,\\s*(\\d+)\\s*]");

  private RetryPolicy() {}

  static int maxAttempts(SparkConf conf) {
    String master = conf.get("spark.master", "local");
    if (master.startsWith("local")) {
      Matcher m = LOCAL_WITH_RETRIES.matcher(master);
      return m.matches() ? Integer.parseInt(m.group(2)) : 1;
    }
    return conf.getInt("spark.task.maxFailures", 4);
  }
}
