package org.bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.bnsweep.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser, driven by Playwright ({@code src/test/browser/report.test.mjs},
 * {@code playwright-core} installed there by {@code npm ci}) with Debian's Chromium: no console
 * error or failed request (with a positive control), hover, brush, sort, and a live page that
 * shows a trial finished after it was opened. Screenshots go to {@code target/screenshots}.
 * Skipped on a developer's machine without Chromium, node or {@code npm ci}; fails under CI.
 */
class ReportPlaywrightTest {
  private static final Path BROWSER = Path.of("src/test/browser").toAbsolutePath();
  private static final Path SHOTS = Path.of("target/screenshots").toAbsolutePath();
  private static final Path OUT = Path.of("target/playwright").toAbsolutePath();
  private static final long TIMEOUT_SECONDS = 300;
  /** The live page reloads itself this often while the test waits for the new trial. */
  private static final int RELOAD_SECONDS = 2;

  @TempDir static Path tmp;

  @Test
  void reportPagesPassThePlaywrightTests() throws IOException, InterruptedException {
    ReportBrowserTest.require(Files.isExecutable(Path.of("/usr/bin/chromium")), "/usr/bin/chromium");
    ReportBrowserTest.require(Files.isRegularFile(BROWSER.resolve(
        "node_modules/playwright-core/package.json")), "playwright-core (cd src/test/browser"
        + " && npm ci)");
    ReportBrowserTest.require(onPath("node"), "node");
    List<Trial> trials;
    SparkSession spark = Fixtures.sparkSession("local[2]");
    try {
      String table = tmp.resolve("trials").toString();
      SyntheticTable.write(spark, table);
      trials = TrialReader.open(spark, table).trials(SyntheticTable.FULL);
    } finally {
      Fixtures.stopSpark(spark);
    }
    clean(OUT);
    Files.createDirectories(SHOTS);
    Path full = write("full", trials, Optional.empty());
    // A lambda search (coarse, fine, final) and a lambda x sigma grid with its refinement, as
    // conf/lambda-search.conf and conf/lambda-sigma.conf sweep them.
    Path search = write("lambda-search", stages(trials, "coarse", "fine", "final"),
        Optional.empty());
    Path sigma = write("lambda-sigma", stages(trials, SyntheticTable.GRID,
        SyntheticTable.REFINE), Optional.empty());
    // The live page: the last trial of the refinement is still running when it is opened.
    List<Trial> grid = stages(trials, SyntheticTable.GRID, SyntheticTable.REFINE);
    Trial last = grid.get(grid.size() - 1);
    List<Trial> before = grid.subList(0, grid.size() - 1);
    Path live = write("live", before, Optional.of(new Report.Live(
        Map.of(last.trialId(), "epoch 5/8 val 0.4012"), RELOAD_SECONDS, Instant.now())));

    List<String> command = List.of("node", BROWSER.resolve("report.test.mjs").toString(),
        full.toString(), search.toString(), sigma.toString(), live.toString(), last.trialId(),
        SHOTS.toString());
    Process node = new ProcessBuilder(command).directory(BROWSER.toFile())
        .redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    boolean rewritten = false;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println("playwright: " + line);
        lines.add(line);
        if (line.equals("live-opened")) {
          // The trial finished: the watcher rewrites the page, which reloads itself.
          write("live", grid, Optional.of(new Report.Live(Map.of(), RELOAD_SECONDS,
              Instant.now())));
          rewritten = true;
        }
      }
    } finally {
      if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        fail("node did not finish in " + TIMEOUT_SECONDS + " s: " + lines);
      }
    }
    assertEquals(0, node.exitValue(), "Playwright tests failed:\n" + String.join("\n", lines));
    assertTrue(rewritten, "the live test never opened its page");
    assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+ passed, 0 failed")),
        "summary: " + lines);
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("not ok")), String.join("\n", lines));
    for (String shot : List.of("lambda-search-1280", "lambda-search-phone", "lambda-sigma-1280",
        "lambda-sigma-phone", "live-running-1280", "live-finished-1280",
        "live-finished-phone")) {
      assertTrue(Files.size(SHOTS.resolve("playwright-" + shot + ".png")) > 10_000, shot);
    }
  }

  private static List<Trial> stages(List<Trial> trials, String... stages) {
    Set<String> keep = Set.of(stages);
    return trials.stream().filter(t -> keep.contains(t.stage())).toList();
  }

  private static Path write(String name, List<Trial> trials, Optional<Report.Live> live)
      throws IOException {
    Path dir = Files.createDirectories(OUT.resolve(name));
    Report.write(name, "a synthetic table", trials, dir, live);
    return dir;
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
  }

  private static void clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
