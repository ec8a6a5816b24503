package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.SessionConfig.Precision;

class InferenceModelPrecisionTest {
  static final ModelConfig TINY = ModelConfig.paper().withWidth(0.125).withInputSize(64, 48).withClusters(8);

  @Test
  void bf16DescriptorsDifferSlightlyFromFp32ButPointTheSameWay() {
    byte[] pixels = new byte[3 * 48 * 64 * 3];
    new Random(5).nextBytes(pixels);
    float[] fp32;
    float[] bf16;
    try (InferenceModel m = new InferenceModel(TINY, 3)) {
      assertEquals(Precision.FP32, m.precision());
      fp32 = m.describe(pixels, 3);
    }
    try (InferenceModel m = new InferenceModel(TINY, 3, Precision.BF16)) {
      assertEquals(Precision.BF16, m.precision());
      bf16 = m.describe(pixels, 3);
    }
    int dim = TINY.descriptorDim();
    double maxDiff = 0;
    for (int i = 0; i < 3; i++) {
      double dot = 0;
      for (int j = 0; j < dim; j++) {
        dot += fp32[i * dim + j] * bf16[i * dim + j];
        maxDiff = Math.max(maxDiff, Math.abs(fp32[i * dim + j] - bf16[i * dim + j]));
      }
      // Both are unit vectors: the dot product is the cosine.
      assertTrue(dot > 0.995, "image " + i + ": cosine " + dot);
    }
    assertTrue(maxDiff > 0, "bf16 must actually change the arithmetic");
  }

  @Test
  void precisionNamesParseAndBadOnesNameTheOption() {
    assertEquals(Precision.BF16, Precision.parse(" BF16 ", "--precision"));
    assertEquals(Precision.FP32, Precision.parse("float32", "--precision"));
    VprException e = assertThrows(VprException.class, () -> Precision.parse("fp16", "test: --precision"));
    assertTrue(e.getMessage().contains("test: --precision 'fp16'"), e.getMessage());
  }
}
