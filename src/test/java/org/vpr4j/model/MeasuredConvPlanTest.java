package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.model.layers.ConvForm;
import org.vpr4j.model.layers.ConvPlan;

/** The measured choice between Conv2D, matrix products and Winograd tiles, and how inference graphs pick a plan. */
class MeasuredConvPlanTest {
  @TempDir Path dir;

  @Test
  void anotherFormMustBeClearlyFasterAndTheFasterOfThemWins() {
    assertEquals(ConvForm.MATMUL, new MeasuredConvPlan.Measurement(1.0, 0.9, 0.95, "t").choice());
    assertEquals(ConvForm.WINOGRAD, new MeasuredConvPlan.Measurement(1.0, 0.9, 0.7, "t").choice());
    assertEquals(ConvForm.CONV2D, new MeasuredConvPlan.Measurement(1.0, 0.95, 0.91, "t").choice());
    assertEquals(ConvForm.CONV2D, new MeasuredConvPlan.Measurement(1.0, 1.5, 2.0, "t").choice());
  }

  @Test
  void aRecordedDecisionIsUsedWithoutMeasuring() throws Exception {
    // Timings no machine would measure, each way: the plan can only have read them.
    Files.writeString(dir.resolve("convolutions.properties"),
        escaped(MeasuredConvPlan.key("5x6x16-16")) + "=matmul 9.0 1.0 5.0 then\n"
            + escaped(MeasuredConvPlan.key("5x6x16-32")) + "=conv2d 1.0 9.0 9.0 then\n"
            + escaped(MeasuredConvPlan.key("5x6x16-48")) + "=winograd 9.0 5.0 1.0 then\n");
    MeasuredConvPlan plan = new MeasuredConvPlan(dir, 0);
    assertEquals(ConvForm.MATMUL, plan.form(5, 6, 16, 16));
    assertEquals(ConvForm.CONV2D, plan.form(5, 6, 16, 32));
    assertEquals(ConvForm.WINOGRAD, plan.form(5, 6, 16, 48));
  }

  @Test
  void aNewShapeIsMeasuredOnceAndRecorded() throws Exception {
    MeasuredConvPlan plan = new MeasuredConvPlan(dir, 0);
    ConvForm decided = plan.form(8, 10, 16, 24);
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(plan.file())) {
      p.load(in);
    }
    String value = p.getProperty(MeasuredConvPlan.key("8x10x16-24"));
    MeasuredConvPlan.Measurement m = MeasuredConvPlan.Measurement.decode(value).orElseThrow();
    assertTrue(m.conv2dSeconds() > 0 && m.matMulSeconds() > 0 && m.winogradSeconds() > 0, value);
    assertEquals(decided, m.choice());
    assertEquals(decided, new MeasuredConvPlan(dir, 0).form(8, 10, 16, 24));
  }

  @Test
  void aShapeBelowTheWorkFloorKeepsConv2dUntimed() {
    // 2 * 9 * 7 * 10 * 128 * 128 = 20.6 MFLOP, like the quick start's last convolution.
    MeasuredConvPlan plan = new MeasuredConvPlan(dir);
    assertEquals(ConvForm.CONV2D, plan.form(7, 10, 128, 128));
    assertFalse(Files.exists(plan.file()), "nothing timed, nothing recorded");
    assertTrue(2.0 * 9 * 60 * 80 * 256 * 512 >= MeasuredConvPlan.MIN_TIMED_FLOP, "VGG16's shapes at 640x480 are timed");
  }

  @Test
  void anUnreadableOrOlderEntryIsMeasuredAgainAndAMissingFolderIsNoFailure() throws Exception {
    // "fast" is no record; the four-field line is the layout before Winograd was timed.
    Files.writeString(dir.resolve("convolutions.properties"), escaped(MeasuredConvPlan.key("4x4x16-16")) + "=fast\n"
        + escaped(MeasuredConvPlan.key("4x5x16-16")) + "=matmul 2.0 1.0 then\n");
    MeasuredConvPlan plan = new MeasuredConvPlan(dir, 0);
    plan.form(4, 4, 16, 16);
    plan.form(4, 5, 16, 16);
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(plan.file())) {
      p.load(in);
    }
    for (String shape : List.of("4x4x16-16", "4x5x16-16")) {
      assertTrue(MeasuredConvPlan.Measurement.decode(p.getProperty(MeasuredConvPlan.key(shape))).isPresent(), shape);
    }
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    new MeasuredConvPlan(notAFolder, 0).form(4, 4, 16, 16); // cannot record: logged, not thrown
  }

  @Test
  void inferenceGraphsTakeThePlanOfTheEnvironmentAndBf16KeepsConv2d() {
    assertSame(ConvPlan.CONV2D, InferenceConvolutions.parse("conv2d", "$X"));
    assertSame(ConvPlan.MATMUL, InferenceConvolutions.parse(" MatMul ", "$X"));
    assertSame(ConvPlan.WINOGRAD, InferenceConvolutions.parse("winograd", "$X"));
    assertInstanceOf(MeasuredConvPlan.class, InferenceConvolutions.parse(null, "$X"));
    assertInstanceOf(MeasuredConvPlan.class, InferenceConvolutions.parse("auto", "$X"));
    VprException e = assertThrows(VprException.class, () -> InferenceConvolutions.parse("fft", "$X"));
    assertTrue(e.getMessage().contains("$X") && e.getMessage().contains("fft"), e.getMessage());
    assertSame(ConvPlan.CONV2D, InferenceConvolutions.plan(SessionConfig.Precision.BF16));
  }

  /** A key as Properties writes it (':' and '=' escaped). */
  private static String escaped(String key) {
    return key.replace(":", "\\:").replace("=", "\\=").replace(" ", "\\ ");
  }
}
