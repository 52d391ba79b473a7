package org.bnsweep.results;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every row says which build wrote it: the version and, from a git checkout, the commit. */
class ProvenanceTest {
  @Test
  void theVersionNamesTheCommitThisCheckoutWasBuiltFrom() throws Exception {
    String head = git("rev-parse", "--short=10", "HEAD");
    assumeTrue(!head.isEmpty(), "not built from a git checkout");
    boolean dirty = !git("status", "--porcelain", "--untracked-files=no").isEmpty();
    String version = Provenance.version();
    assertTrue(version.endsWith("+" + head + (dirty ? ".dirty" : "")),
        "version " + version + " does not end with the commit " + head);
  }

  private static String git(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.waitFor() == 0 ? out : "";
  }
}
