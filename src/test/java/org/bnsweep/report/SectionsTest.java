package org.bnsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bnsweep.params.TrialStatus;
import org.bnsweep.results.StageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sections on hand-made trials, without Spark: edge cases a real sweep can produce. */
class SectionsTest {

  /** A 3-layer He trial whose losses per epoch are {@code losses} (both training and validation). */
  static Trial trial(String stage, String id, String status, boolean bn, double lambda,
      double valAccuracy, double seconds, double... losses) {
    List<Epoch> curve = new ArrayList<>();
    for (int e = 0; e < losses.length; e++) {
      curve.add(new Epoch(e + 1, losses[e], losses[e] + 0.1, 0.3, valAccuracy));
    }
    return new Trial(stage, id, TrialStatus.ofLabel(status),
        null, List.of(50, 50), 3, bn, "he", Double.NaN, lambda,
        45000, valAccuracy, valAccuracy, seconds, null, curve, params(bn, null, lambda), 800,
        Optional.empty());
  }

  /** The hyperparameter columns of a 3-layer trial: batch 100, and the given BN, sigma, lambda. */
  static Map<HyperColumn, Object> params(boolean bn, Double sigma, double lambda) {
    Map<HyperColumn, Object> p = new LinkedHashMap<>();
    p.put(HyperColumn.LAMBDA, lambda);
    p.put(HyperColumn.SIGMA, sigma);
    p.put(HyperColumn.BATCH_NORM, bn);
    p.put(HyperColumn.HIDDEN, List.of(50, 50));
    p.put(HyperColumn.BATCH_SIZE, 100L);
    return p;
  }

  @Test
  void compactScientificNotation() {
    assertEquals("1e-04", Format.sci(1e-4));
    assertEquals("2.5e-03", Format.sci(2.5e-3));
    assertEquals("1.23e+02", Format.sci(123.4));
    assertEquals("52.00 %", Format.percent(0.52));
    assertEquals("n/a", Format.percent(Double.NaN));
  }

  @Test
  void aStageAtOneLambdaIsNotASearch() {
    List<Trial> trials = List.of(trial("coarse", "a", "ok", true, 1e-3, 0.5, 1, 2.0),
        trial("coarse", "b", "ok", true, 1e-2, 0.4, 1, 2.0),
        trial("final", "c", "ok", true, 1e-3, 0.55, 1, 2.0),
        trial("fine", "d", "diverged", true, 1e-4, Double.NaN, 1, 2.0));
    assertEquals(List.of("coarse"), List.copyOf(LambdaSection.searchStages(trials).keySet()));
  }

  @Test
  void divergedAndFailedTrialsStillGiveAReport(@TempDir Path out) throws IOException {
    // A diverged 3-layer trial: NaN and infinite losses must not stretch the axis or throw.
    Trial diverged = trial("depth", "d0", "diverged", false, 1e-3, Double.NaN, Double.NaN,
        2.3, 40.0, Double.POSITIVE_INFINITY, Double.NaN);
    Trial failed = new Trial("depth", "d1", TrialStatus.FAILED,
        "boom\nat line 2", List.of(50, 50), 3,
        true, "he", Double.NaN, 1e-3, 45000, Double.NaN, Double.NaN, Double.NaN, "exec-9",
        List.of(), params(true, null, 1e-3), Double.NaN, Optional.empty());
    Report.Written w = Report.write("broken", "memory", List.of(diverged, failed), out);
    assertEquals(List.of("loss-depth3.png"),
        w.figures().stream().map(p -> p.getFileName().toString()).toList());
    String md = Files.readString(w.markdown());
    assertTrue(md.contains("no 3-layer trials with batch normalisation in this sweep"), md);
    assertTrue(md.contains("no trial recorded its wall time"), md);
    assertTrue(md.contains("| depth | d1 | failed | boom at line 2 |"), md);
  }

  @Test
  void theRunSummaryShowsWhereTrialsRanAndFlagsMixedBlasKernels(@TempDir Path out)
      throws IOException {
    Trial a = withBlas(trial("depth", "a", "ok", true, 1e-3, 0.5, 10, 2.0, 1.5), "openblas/Haswell");
    Trial b = withBlas(trial("depth", "b", "ok", true, 1e-2, 0.4, 10, 2.0, 1.6), "openblas/SkylakeX");
    String md = Files.readString(Report.write("mixed", "memory", List.of(a, b), out).markdown());
    assertTrue(md.contains("ran on 2 BLAS libraries or kernels (openblas/Haswell,"
        + " openblas/SkylakeX)"), md);
    assertTrue(md.contains("| openblas/Haswell | 0.2.0 | 17.0.15 | 4.1.1 | host-1 | 1 |"), md);
    String one = Files.readString(Report.write("same", "memory", List.of(a), out).markdown());
    assertTrue(!one.contains("not comparable bit for bit"), one);
  }

  @Test
  void halvingStagesGetAFigureOfEveryCandidateByRung(@TempDir Path out) throws IOException {
    // 1,000 images in batches of 100, 10 updates per half cycle: a cycle is 2 epochs.
    Trial survivor = halving("s", "ok", 0.5, 0.40, 0.42, 0.45, 0.47);
    Trial stopped = halving("x", "stopped", 0.3, 0.38, 0.39);
    Section section = HalvingSection.build(List.of(survivor, stopped), new Figures(out));
    assertEquals(1, section.blocks().size());
    Block.Figure figure = (Block.Figure) section.blocks().get(0);
    assertEquals("halving-lambdas.png", figure.file());
    assertTrue(figure.caption().contains("2 candidates; the 1 that reached the last rung"),
        figure.caption());
    assertTrue(Files.size(out.resolve("halving-lambdas.png")) > 1000);
    Section none = HalvingSection.build(List.of(trial("coarse", "c", "ok", true, 1e-3, 0.5, 1,
        2.0)), new Figures(out));
    assertTrue(none.blocks().get(0) instanceof Block.Text t && t.text().contains("no halving"),
        none.toString());
  }

  /** A halving candidate whose validation accuracy per epoch is {@code vals}. */
  private static Trial halving(String id, String status, double lambda, double... vals) {
    List<Epoch> curve = new ArrayList<>();
    for (int e = 0; e < vals.length; e++) {
      curve.add(new Epoch(e + 1, 1.0, 1.1, vals[e], vals[e]));
    }
    Map<HyperColumn, Object> p = params(true, null, lambda);
    p.put(HyperColumn.STEP_SIZE, 10L);
    return new Trial("lambdas", id, TrialStatus.ofLabel(status),
        null, List.of(50, 50), 3, true, "he", Double.NaN,
        lambda, 1000, vals[vals.length - 1], Double.NaN, 1, null, curve, p, 10.0 * vals.length,
        Optional.of(StageType.of("halving")));
  }

  private static Trial withBlas(Trial t, String blas) {
    return new Trial(t.stage(), t.trialId(), t.status(), t.error(), t.hidden(), t.depth(),
        t.batchNorm(), t.init(), t.sigma(), t.lambda(), t.trainingSize(), t.valAccuracy(),
        t.testAccuracy(), t.seconds(), t.executor(), t.curve(), t.params(), t.updates(),
        t.stageType(), Map.of("blas", blas, "bnsweep_version", "0.2.0", "java_version", "17.0.15",
            "spark_version", "4.1.1", "host", "host-1"), t.retrain());
  }

  /** Each stage's best by validation (not test) accuracy, a row and a curve each; one stage: none. */
  @Test
  void bestOfEachStageIsChosenOnValidation(@TempDir Path dir) throws IOException {
    Trial searchBest = trial("search", "s1", "ok", true, 1e-3, 0.60, 10, 2.0, 1.5);
    Trial searchOther = new Trial("search", "s2", TrialStatus.OK,
        null, List.of(50, 50), 3, true, "he",
        Double.NaN, 1e-2, 45000, 0.55, 0.99, 10, null, searchBest.curve(),
        params(true, null, 1e-2), 800, Optional.empty());
    Trial course = trial("course", "c1", "ok", true, 5e-3, 0.53, 5, 2.0);
    Trial diverged = trial("course", "c2", "diverged", true, 1e1, Double.NaN, 5, 2.0);
    List<Trial> trials = List.of(searchOther, searchBest, course, diverged);
    Map<String, Trial> best = StagesSection.bestByStage(trials);
    assertEquals(List.of("search", "course"), List.copyOf(best.keySet()));
    assertEquals("s1", best.get("search").trialId(), "validation decides, not test");
    assertEquals("c1", best.get("course").trialId());
    Section s = StagesSection.build(trials, new Figures(dir));
    assertTrue(!s.empty());
    Block.Table table = (Block.Table) s.blocks().get(1);
    assertEquals(2, table.rows().size());
    assertTrue(Files.exists(dir.resolve(StagesSection.FIGURE)));
    assertTrue(StagesSection.build(List.of(searchBest, searchOther), new Figures(dir)).empty());
  }

  /** What the search tried: stopped trials count, failed and diverged ones do not. */
  @Test
  void theSearchTriedFinishedAndStoppedTrials() {
    Trial ok = trial("search", "a", "ok", true, 1e-3, 0.6, 10, 2.0);
    Trial stopped = trial("search", "b", "stopped", true, 1e-2, 0.5, 5, 2.0);
    Trial diverged = trial("search", "c", "diverged", true, 1e1, Double.NaN, 5, 2.0);
    Trial failed = trial("search", "d", "failed", true, 1e-4, Double.NaN, 5, 2.0);
    List<Trial> all = List.of(ok, stopped, diverged, failed);
    assertEquals(List.of(ok, stopped), SearchSection.tried(all));
    assertEquals(List.of(ok), SearchSection.finished(all));
  }
}
