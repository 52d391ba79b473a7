package org.bnsweep.cluster;

/**
 * Calls a small method of its own 20,000 times, then waits for the compiler: at C2's default
 * thresholds (5,000 calls) that method is compiled by C2, at ten times them (50,000) it is not.
 * Run by {@link JvmEnvironmentTest} with {@code -XX:+PrintCompilation}.
 */
public final class JitProbe {
  private JitProbe() {}

  /**
   * Has a branch for C1 to profile: a method with nothing to profile goes to C2 as soon as C1
   * has compiled it, whatever the thresholds.
   */
  static long step(long x) {
    return (x & 1) == 0 ? x * 6364136223846793005L + 1442695040888963407L : x ^ (x >>> 7);
  }

  public static void main(String[] args) throws InterruptedException {
    long x = 1;
    for (int i = 0; i < 20_000; i++) {
      x = step(x);
    }
    // Compilations run on threads of their own; give a queued one time to start.
    Thread.sleep(1000);
    System.out.println(x == 0 ? "zero" : "done");
  }
}
