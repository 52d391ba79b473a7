package org.bnsweep.params;

import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every problem found in a conf at once, each a {@link BadSetting} (a value) or another one-line
 * error (a sweep's stage), so that a user fixes them in
 * one round instead of one per run (as Typesafe Config's {@code checkValid} reports them).
 */
public final class BadSettings extends IllegalArgumentException {
  @Serial
  private static final long serialVersionUID = 1L;
  private final List<IllegalArgumentException> problems;

  public BadSettings(List<? extends IllegalArgumentException> problems) {
    super(problems.stream().map(Throwable::getMessage).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("BadSettings needs at least one problem");
    }
    this.problems = List.copyOf(problems);
    problems.forEach(this::addSuppressed);
  }

  /** Throws the problems, one or many, if there are any. */
  public static void throwIfAny(List<? extends IllegalArgumentException> problems) {
    if (problems.size() == 1) {
      throw problems.get(0);
    }
    if (!problems.isEmpty()) {
      throw new BadSettings(problems);
    }
  }

  /** The problems in the order they were found, one line each. */
  public List<IllegalArgumentException> problems() {
    return problems;
  }
}
