package org.bnsweep.report;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How to train a trial of the table again on one machine: every hyperparameter as the row
 * recorded it, and the seed the sweep trained it with. {@code bnsweep train} with these settings
 * and seed runs the same computation as the sweep's executor, so it gives the same numbers.
 *
 * @param settings {@code path=value} pairs for {@code --set}, in declaration order, each value
 *     written so that HOCON reads back the exact value (doubles as Java prints them)
 * @param trainingSeed the seed of the trial (column {@code training_seed})
 */
public record Retrain(List<String> settings, long trainingSeed) {
  /** Arguments a shell passes unchanged without quotes. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._=+-]+");

  public Retrain {
    settings = List.copyOf(settings);
    if (settings.isEmpty()) {
      throw new IllegalArgumentException("a retrain command needs the trial's settings");
    }
  }

  /** The arguments after {@code bnsweep}, unquoted, as a program passes them. */
  public List<String> arguments() {
    List<String> args = new java.util.ArrayList<>(List.of("train"));
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    args.addAll(List.of("--training-seed", Long.toString(trainingSeed)));
    return args;
  }

  /** The command line for a shell at the project's root: {@code submit/bnsweep train --set ...}. */
  public String command() {
    StringBuilder b = new StringBuilder("submit/bnsweep");
    for (String a : arguments()) {
      b.append(' ').append(PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return b.toString();
  }
}
