package org.bnsweep.results;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.bnsweep.nn.BlasLibrary;

/**
 * Where a trial's numbers came from: the build, the JVM, Spark, the BLAS library and kernel,
 * the host. Trials run on different BLAS kernels are not comparable bit for bit.
 *
 * @param bnsweep bnsweep's version (and git commit when built from a checkout)
 * @param blas library and kernel, e.g. {@code openblas-pthread/Haswell}
 */
public record Provenance(String bnsweep, String java, String spark, String blas, String host)
    implements Serializable {

  // The same for every row this JVM writes: read once, not per trial.
  private static final String VERSION = buildVersion();
  private static final String HOST = hostName();

  /** This JVM's provenance. */
  public static Provenance here() {
    return new Provenance(VERSION, System.getProperty("java.version"),
        org.apache.spark.package$.MODULE$.SPARK_VERSION(), BlasLibrary.loaded().summary(), HOST);
  }

  /** The version in the jar's manifest, with the commit the build recorded, if any. */
  public static String version() {
    return VERSION;
  }

  private static String buildVersion() {
    Package p = Provenance.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    String commit = buildCommit();
    return (v == null ? "development" : v) + (commit == null ? "" : "+" + commit);
  }

  /**
   * The commit the build recorded (git-commit-id-maven-plugin, pom.xml), with ".dirty" when the
   * checkout had uncommitted changes; null for a build outside a git checkout.
   */
  private static String buildCommit() {
    try (var in = Provenance.class.getResourceAsStream("/bnsweep-build.properties")) {
      if (in == null) {
        return null;
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      String commit = p.getProperty("git.commit.id.abbrev", "");
      if (commit.isBlank()) {
        return null;
      }
      return commit + (Boolean.parseBoolean(p.getProperty("git.dirty")) ? ".dirty" : "");
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
