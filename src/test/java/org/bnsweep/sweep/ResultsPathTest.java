package org.bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** A relative results path means the driver's folder, wherever executors run. */
class ResultsPathTest {

  @Test
  void aRelativePathIsQualifiedAgainstTheDriversWorkingDirectory() {
    String cwd = Path.of("").toAbsolutePath().toString();
    assertEquals("file:" + cwd + "/results/trials",
        SweepRunner.qualified("results/trials", new Configuration()));
  }

  @Test
  void anAbsoluteOrRemotePathIsKept() {
    assertEquals("file:/data/trials", SweepRunner.qualified("/data/trials", new Configuration()));
    assertEquals("file:/data/trials",
        SweepRunner.qualified("file:///data/trials", new Configuration()));
  }
}
