package org.bnsweep.params;

import java.io.Serial;

/**
 * One bad value, as data: the key it sits under, what is wrong with it (and the fix), and where
 * it came from. The message reads "training.lambda must be >= 0, got -0.1 (conf/x.conf: 9)";
 * callers that know the origin add it with {@link #at}, never by reading the message back.
 */
public final class BadSetting extends IllegalArgumentException {
  @Serial
  private static final long serialVersionUID = 1L;
  private final String context;
  private final String path;
  private final String problem;
  private final String origin;

  /**
   * @param context where in a sweep the value sits ("stage coarse, grid"), or empty
   * @param path the key, such as {@code training.lambda}
   * @param problem what is wrong and the fix, such as "must be >= 0, got -0.1"
   * @param origin "file: line" or "--set ...", or empty when not known here
   */
  public BadSetting(String context, String path, String problem, String origin) {
    super(message(context, path, problem, origin));
    this.context = context;
    this.path = path;
    this.problem = problem;
    this.origin = origin;
  }

  public BadSetting(String path, String problem, String origin) {
    this("", path, problem, origin);
  }

  public BadSetting(String path, String problem) {
    this("", path, problem, "");
  }

  private static String message(String context, String path, String problem, String origin) {
    return (context.isEmpty() ? "" : context + ": ") + path + " " + problem
        + (origin.isEmpty() ? "" : " (" + origin + ")");
  }

  /** The same problem with where it came from; this one when the origin is already known. */
  public BadSetting at(String where) {
    if (!origin.isEmpty()) {
      return this;
    }
    BadSetting located = new BadSetting(context, path, problem, where);
    located.initCause(this);
    return located;
  }

  /** The same problem inside a sweep's stage. */
  public BadSetting in(String where) {
    if (where.isEmpty()) {
      return this;
    }
    BadSetting placed = new BadSetting(where, path, problem, origin);
    placed.initCause(this);
    return placed;
  }

  public String context() {
    return context;
  }

  public String path() {
    return path;
  }

  public String problem() {
    return problem;
  }

  public String origin() {
    return origin;
  }
}
