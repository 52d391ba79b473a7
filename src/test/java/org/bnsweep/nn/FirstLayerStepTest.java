package org.bnsweep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector step gives the scalar step's bits (NaN for NaN) on every kind of double and float
 * (NaNs, infinities, signed zeros, subnormals, weights that overflow a float, random bit
 * patterns) and every length (the vectors' tail), and the JVM gets the step its module and CPU
 * allow. The test JVMs have the module (pom.xml's test.argLine); whether the CPU's vectors hold
 * 8 doubles decides only which step {@link FirstLayerSteps} picks, not what is tested here.
 */
class FirstLayerStepTest {
  /** The class path of the probe JVMs: this build's classes and test classes. */
  private static final String CLASSES = Path.of("target/classes").toAbsolutePath() + ":"
      + Path.of("target/test-classes").toAbsolutePath();
  private static final double[] SPECIAL_DOUBLES = {0.0, -0.0, Double.NaN, Double.MIN_VALUE,
      -Double.MIN_VALUE, Double.MIN_NORMAL, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.MAX_VALUE, 1e300, -1e-310, Float.MAX_VALUE * 1.0000001, Float.MIN_VALUE / 2.0,
      Float.MIN_VALUE * 1.5, 0.1, -3.5};
  private static final float[] SPECIAL_FLOATS = {0f, -0f, Float.NaN, Float.MIN_VALUE,
      -Float.MIN_NORMAL, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
      1e-40f, 0.1f, -2.5f};

  @Test
  void vectorStepGivesTheScalarStepsBitsOnSpecialValues() {
    // Every special weight against every special gradient, under a few step sizes.
    int n = SPECIAL_DOUBLES.length * SPECIAL_FLOATS.length;
    double[] w = new double[n];
    float[] grad = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = SPECIAL_DOUBLES[i / SPECIAL_FLOATS.length];
      grad[i] = SPECIAL_FLOATS[i % SPECIAL_FLOATS.length];
    }
    for (double[] rates : new double[][] {{0.01, -0.05}, {0, -1}, {2e-308, -1e10}, {1, 1e-320}}) {
      assertSameBits(grad, w, rates[0], rates[1]);
    }
  }

  @Test
  void vectorStepGivesTheScalarStepsBitsOnRandomBitsAndEveryTailLength() {
    Random rng = new Random(20261207);
    for (int n = 0; n <= 40; n++) {
      assertSameBits(randomFloats(rng, n, false), randomDoubles(rng, n, false), 0.01, -0.05);
    }
    int n = 100_003;
    assertSameBits(randomFloats(rng, n, true), randomDoubles(rng, n, true), 1e-3, -0.1);
    assertSameBits(randomFloats(rng, n, false), randomDoubles(rng, n, false), 1e-3, -0.1);
  }

  @Test
  void choosesTheScalarStepWithoutTheModuleOrWhenTurnedOff() {
    FirstLayerSteps.Choice without = FirstLayerSteps.choose(false, "on");
    assertSame(FirstLayerStep.SCALAR, without.step());
    assertTrue(without.description().contains("--add-modules=jdk.incubator.vector"),
        without.description());
    assertSame(FirstLayerStep.SCALAR, FirstLayerSteps.choose(true, "off").step());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> FirstLayerSteps.choose(true, "yes"));
    assertEquals("-Dbnsweep.vector-step (a JVM option, as in BNSWEEP_JAVA_OPTS) must be on or"
        + " off, got 'yes'; leave it out for on", bad.getMessage());
  }

  @Test
  void choosesTheVectorStepWhereTheVectorsHoldEightDoubles() {
    assertTrue(ModuleLayer.boot().findModule(FirstLayerSteps.MODULE).isPresent(),
        "the test JVM lacks the module: see pom.xml's test.argLine");
    FirstLayerSteps.Choice on = FirstLayerSteps.choose(true, "on");
    if (VectorFirstLayerStep.lanes() >= FirstLayerSteps.MIN_LANES) {
      assertInstanceOf(VectorFirstLayerStep.class, on.step());
    } else {
      assertSame(FirstLayerStep.SCALAR, on.step(), on.description());
    }
    assertSame(on.step().getClass(), FirstLayerSteps.chosen().getClass());
  }

  @Test
  void aJvmWithoutTheModuleStepsWithTheScalarStepAndNeverLoadsTheVectorOne(@TempDir Path dir)
      throws Exception {
    // w = 9 with no gradient: 9 - 1 * (0 + 0.5 * 9) = 4.5.
    Path loadedWithout = dir.resolve("without.log");
    assertEquals("4.5 scalar (this JVM lacks --add-modules=jdk.incubator.vector, which"
        + " submit/bnsweep gives; the vector step is about 10% faster an epoch)",
        probe("-Xlog:class+load=info:file=" + loadedWithout, CLASSES));
    assertFalse(Files.readString(loadedWithout).contains(VectorFirstLayerStep.class.getName()));
    // The control: the same probe given the module does not take the scalar step for want of it,
    // and where it takes the vector one, the log shows that class loaded.
    Path loadedWith = dir.resolve("with.log");
    String with = probe("--add-modules=jdk.incubator.vector",
        "-Xlog:class+load=info:file=" + loadedWith, CLASSES);
    assertTrue(with.startsWith("4.5 Vector API, ") || with.startsWith("4.5 scalar (the CPU's"),
        with);
    assertEquals(with.startsWith("4.5 Vector API, "),
        Files.readString(loadedWith).contains(VectorFirstLayerStep.class.getName()), with);
    // A bad setting is the command's one-line error, the second time it is asked too.
    assertEquals("error: -Dbnsweep.vector-step (a JVM option, as in BNSWEEP_JAVA_OPTS) must be"
        + " on or off, got 'yes'; leave it out for on",
        probe("--add-modules=jdk.incubator.vector", "-Dbnsweep.vector-step=yes", CLASSES));
  }

  /**
   * The comparisons above run mostly before C2 has compiled the vector step, when the Vector
   * API computes lane by lane in Java; training runs C2's code, with its AVX-512 instructions.
   * So the same comparison again, in a JVM that compiles as it goes ({@code -Xbatch}) and logs
   * its compilations: C2 compiled the vector step (level 4), and the numbers stayed the same.
   */
  @Test
  void theVectorStepCompiledByC2GivesTheScalarStepsBits(@TempDir Path dir) throws Exception {
    Path compilations = dir.resolve("compilations.log");
    // Not inlined into the probe's loop, so that C2 compiles the step as a method of its own
    // (inlined, it was compiled only inside the probe's loop, and the log would not show it).
    assertEquals("same 30000", probe("--add-modules=jdk.incubator.vector", "-Xbatch",
        "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline," + VectorFirstLayerStep.class.getName() + "::step",
        "-Xlog:jit+compilation=debug:file=" + compilations, CLASSES, "compare", "30000"));
    assertTrue(Files.readAllLines(compilations).stream().anyMatch(l -> l.matches(
        ".*\\s4\\s+org\\.bnsweep\\.nn\\.VectorFirstLayerStep::step .*")),
        "C2 did not compile VectorFirstLayerStep.step: see " + compilations);
  }

  /**
   * What StepProbe prints in a JVM of the given options, the class path {@link #CLASSES} among
   * them: what comes before it are JVM options, after it the probe's arguments.
   */
  private static String probe(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    int classes = Arrays.asList(arguments).indexOf(CLASSES);
    command.addAll(Arrays.asList(arguments).subList(0, classes));
    command.addAll(List.of("-cp", CLASSES, StepProbe.class.getName()));
    command.addAll(Arrays.asList(arguments).subList(classes + 1, arguments.length));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    // The JVM's notice of an incubating module, on its own line, is not the probe's.
    return out.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
        .reduce((a, b) -> a + "\n" + b).orElse("");
  }

  /** Steps copies of grad and w both ways and compares every bit of w and of the narrowed. */
  private static void assertSameBits(float[] grad, double[] w, double twoLambda,
      double minusEta) {
    double[] scalarW = w.clone();
    double[] vectorW = w.clone();
    float[] scalarNarrowed = new float[w.length];
    float[] vectorNarrowed = new float[w.length];
    Arrays.fill(vectorNarrowed, 7f); // every element must be written
    Arrays.fill(scalarNarrowed, 7f);
    // The whole array as one block, and as a block from its 3rd element on (the gradient of
    // a block starts at its first element).
    for (int from : new int[] {0, Math.min(3, w.length)}) {
      float[] blockGrad = Arrays.copyOfRange(grad, from, grad.length);
      FirstLayerStep.SCALAR.step(blockGrad, scalarW, scalarNarrowed, from, w.length, twoLambda,
          minusEta);
      new VectorFirstLayerStep().step(blockGrad, vectorW, vectorNarrowed, from, w.length,
          twoLambda, minusEta);
      assertArrayEquals(bits(scalarW), bits(vectorW), "weights, length " + w.length);
      assertArrayEquals(bits(scalarNarrowed), bits(vectorNarrowed),
          "narrowed, length " + w.length);
    }
    // The scalar step against the formula written out, on the first block.
    double[] expected = w.clone();
    for (int i = 0; i < w.length; i++) {
      expected[i] = w[i] + minusEta * ((double) grad[i] + twoLambda * w[i]);
    }
    double[] once = w.clone();
    FirstLayerStep.SCALAR.step(grad, once, new float[w.length], 0, w.length, twoLambda,
        minusEta);
    assertArrayEquals(bits(expected), bits(once), "the scalar step, length " + w.length);
  }

  /**
   * Every bit, but all NaNs as one: Java leaves a NaN's sign and payload to the hardware, and
   * where both operands of an addition are NaNs the one kept depends on the order of the
   * operands the JIT chose (here a NaN gradient plus the NaN of 0 * infinity came out positive
   * one way and negative the other). A NaN weight is a diverged trial either way.
   */
  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToLongBits).toArray();
  }

  private static int[] bits(float[] values) {
    int[] b = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = Float.floatToIntBits(values[i]);
    }
    return b;
  }

  /** Random bit patterns (every kind of value), or values of a training step's size. */
  private static double[] randomDoubles(Random rng, int n, boolean anyBits) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = anyBits ? Double.longBitsToDouble(rng.nextLong()) : rng.nextGaussian() * 0.02;
    }
    return d;
  }

  private static float[] randomFloats(Random rng, int n, boolean anyBits) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = anyBits ? Float.intBitsToFloat(rng.nextInt()) : (float) (rng.nextGaussian() * 1e-3);
    }
    return f;
  }
}
