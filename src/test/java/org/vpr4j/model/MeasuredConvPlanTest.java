package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.model.layers.ConvPlan;

/** The measured choice between Conv2D and matrix products, and how inference graphs pick a plan. */
class MeasuredConvPlanTest {
  @TempDir Path dir;

  @Test
  void productsMustBeClearlyFaster() {
    assertTrue(new MeasuredConvPlan.Measurement(1.0, 0.9, "t").matMulFaster());
    assertFalse(new MeasuredConvPlan.Measurement(1.0, 0.95, "t").matMulFaster());
    assertFalse(new MeasuredConvPlan.Measurement(1.0, 1.5, "t").matMulFaster());
  }

  @Test
  void aRecordedDecisionIsUsedWithoutMeasuring() throws Exception {
    // Timings no machine would measure, in both directions: the plan can only have read them.
    Files.writeString(dir.resolve("convolutions.properties"),
        escaped(MeasuredConvPlan.key("5x6x16-16")) + "=matmul 9.0 1.0 then\n"
            + escaped(MeasuredConvPlan.key("5x6x16-32")) + "=conv2d 1.0 9.0 then\n");
    MeasuredConvPlan plan = new MeasuredConvPlan(dir);
    assertTrue(plan.asMatMul(5, 6, 16, 16));
    assertFalse(plan.asMatMul(5, 6, 16, 32));
  }

  @Test
  void aNewShapeIsMeasuredOnceAndRecorded() throws Exception {
    MeasuredConvPlan plan = new MeasuredConvPlan(dir);
    boolean decided = plan.asMatMul(8, 10, 16, 24);
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(plan.file())) {
      p.load(in);
    }
    String value = p.getProperty(MeasuredConvPlan.key("8x10x16-24"));
    MeasuredConvPlan.Measurement m = MeasuredConvPlan.Measurement.decode(value).orElseThrow();
    assertTrue(m.conv2dSeconds() > 0 && m.matMulSeconds() > 0, value);
    assertEquals(decided, m.matMulFaster());
    assertEquals(decided, new MeasuredConvPlan(dir).asMatMul(8, 10, 16, 24));
  }

  @Test
  void anUnreadableEntryIsMeasuredAgainAndAMissingFolderIsNoFailure() throws Exception {
    Files.writeString(dir.resolve("convolutions.properties"), escaped(MeasuredConvPlan.key("4x4x16-16")) + "=fast\n");
    MeasuredConvPlan plan = new MeasuredConvPlan(dir);
    plan.asMatMul(4, 4, 16, 16);
    assertTrue(Files.readString(plan.file()).contains(" 20"), "re-measured with a date");
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    new MeasuredConvPlan(notAFolder).asMatMul(4, 4, 16, 16); // cannot record: logged, not thrown
  }

  @Test
  void inferenceGraphsTakeThePlanOfTheEnvironmentAndBf16KeepsConv2d() {
    assertSame(ConvPlan.CONV2D, InferenceConvolutions.parse("conv2d", "$X"));
    assertSame(ConvPlan.MATMUL, InferenceConvolutions.parse(" MatMul ", "$X"));
    assertInstanceOf(MeasuredConvPlan.class, InferenceConvolutions.parse(null, "$X"));
    assertInstanceOf(MeasuredConvPlan.class, InferenceConvolutions.parse("auto", "$X"));
    VprException e = assertThrows(VprException.class, () -> InferenceConvolutions.parse("winograd", "$X"));
    assertTrue(e.getMessage().contains("$X") && e.getMessage().contains("winograd"), e.getMessage());
    assertSame(ConvPlan.CONV2D, InferenceConvolutions.plan(SessionConfig.Precision.BF16));
  }

  /** A key as Properties writes it (':' and '=' escaped). */
  private static String escaped(String key) {
    return key.replace(":", "\\:").replace("=", "\\=").replace(" ", "\\ ");
  }
}
