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

  /**
   * Not tied to a CPU family: wherever oneDNN computes bf16 (asked for explicitly), the features
   * differ from fp32 only by bf16 rounding (cosine about 0.99997, see Bf16SelfCheck), on AMX
   * (Sapphire Rapids) and AVX-512 BF16 (Zen 4) kernels alike. This model's weights are fixed by
   * its seed, so NetVLAD's amplification of that error (its alpha) is the same everywhere; 0.995
   * leaves room for it.
   */
  @Test
  void bf16DescriptorsDifferSlightlyFromFp32ButPointTheSameWay() {
    Bf16Support.assume("the bf16 descriptor comparison");
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
