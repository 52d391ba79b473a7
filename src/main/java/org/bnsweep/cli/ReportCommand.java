package org.bnsweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bnsweep report}: figures and a page from the results table (being written). */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write PNG figures and an HTML and Markdown report of one sweep (not yet available).")
final class ReportCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new IllegalStateException("report is not available in this build yet");
  }
}
