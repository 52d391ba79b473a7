package org.bnsweep.sweep;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession or SparkContext of a bnsweep command: the master that spark-submit set, or
 * the one given, or local[*]; Spark's console progress bar off (bnsweep prints its own);
 * partition values kept as strings (sweep names); local runs bound to loopback; a cluster's
 * executors set up to train ({@link ExecutorSettings}).
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The session of the commands that run SQL (query, report).
   *
   * @param master a master URL, or null for spark-submit's or else local[*]
   * @param sparkLogs keep Spark's INFO logging (quiet by default)
   */
  public static SparkSession create(String appName, String master, boolean sparkLogs) {
    return SparkSession.builder().config(conf(appName, master, sparkLogs)).getOrCreate();
  }

  /**
   * The plain SparkContext of a sweep, which runs no SQL: a SparkSession would load Spark SQL's
   * catalyst and Scala's runtime reflection first, about a second of class loading before the
   * first trial (docs/performance.md, the fixed cost of a sweep).
   */
  public static SparkContext context(String appName, String master, boolean sparkLogs) {
    return SparkContext.getOrCreate(conf(appName, master, sparkLogs));
  }

  private static SparkConf conf(String appName, String master, boolean sparkLogs) {
    Configurator.setRootLevel(sparkLogs ? Level.INFO : Level.WARN);
    if (!sparkLogs) {
      Configurator.setLevel("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR);
      Configurator.setLevel("org.apache.spark.util.Utils", Level.ERROR);
    }
    SparkConf conf = new SparkConf();
    String effective = master != null ? master : conf.get("spark.master", "local[*]");
    conf.setAppName(appName).setMaster(effective)
        .set("spark.ui.showConsoleProgress", "false")
        // Under spark-submit, Spark configures logging before our jar is on the class path;
        // this keeps it at WARN there too.
        .set("spark.log.level", conf.get("spark.log.level", sparkLogs ? "INFO" : "WARN"))
        .set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        // The table has about 40 columns; Spark warns when a plan string lists more than 25.
        .set("spark.sql.debug.maxToStringFields", "200");
    if (effective.startsWith("local")) {
      conf.set("spark.driver.host", conf.get("spark.driver.host", "127.0.0.1"))
          .set("spark.driver.bindAddress", conf.get("spark.driver.bindAddress", "127.0.0.1"))
          .set("spark.ui.enabled", conf.get("spark.ui.enabled", "false"));
    } else {
      ExecutorSettings.forMaster(effective, conf).forEach(conf::set);
    }
    return conf;
  }
}
