package org.bnsweep.results;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop settings (file-system credentials and endpoints for HDFS or S3) in a form
 * that travels to executors, which rebuild a {@link Configuration} from it.
 */
public final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, String> entries;

  private HadoopConf(Map<String, String> entries) {
    this.entries = entries;
  }

  public static HadoopConf of(Configuration conf) {
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : conf) {
      m.put(e.getKey(), e.getValue());
    }
    return new HadoopConf(m);
  }

  public Configuration toConfiguration() {
    Configuration c = new Configuration(false);
    entries.forEach(c::set);
    return c;
  }
}
