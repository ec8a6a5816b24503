package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Padding;
import org.vpr4j.config.Pooling;
import org.vpr4j.io.FloatArray;

/** The inference graph with its weights as constants against the one with variables. */
class FrozenInferenceModelTest {
  private static final ModelConfig TINY = new ModelConfig(Backbone.VGG16, 0.0625, 64, 64, Pooling.NETVLAD, 8,
      List.of());

  /**
   * The same kernels on the same values, except that oneDNN may block a constant filter
   * differently and so sum in another order: a few float32 roundings on unit-length outputs.
   */
  private static final double TOLERANCE = 1e-5;

  @Test
  void constantWeightsGiveTheDescriptorsAndMaskOfTheVariables() {
    // De-attention, SE and BAM bring batch norms (running statistics), a mask and dilated convolutions.
    for (ModelConfig config : List.of(TINY,
        TINY.withAttentions(List.of(Attention.DEATTENTION, Attention.SENET, Attention.BAM), 1,
            Padding.REFLECT, BamPooling.SQUARE, true))) {
      Map<String, FloatArray> weights = withMovedRunningStatistics(config);
      byte[] pixels = new byte[3 * 64 * 64 * 3];
      new Random(5).nextBytes(pixels);
      try (InferenceModel variables = new InferenceModel(config, 0);
          InferenceModel constants = InferenceModel.ofCheckpoint(config, weights, "test weights");
          InferenceModel quickStart = InferenceModel.ofCheckpointForFewImages(config, weights, "test weights")) {
        variables.load(weights);
        InferenceModel.AllOutputs expected = variables.all(pixels, 3);
        InferenceModel.AllOutputs got = constants.all(pixels, 3);
        assertClose(expected.descriptor(), got.descriptor());
        // Loaded without seeded values first: the same variables, so the same numbers exactly.
        assertArrayEquals(expected.descriptor(), quickStart.all(pixels, 3).descriptor());
        assertClose(expected.encoderFeatures(), got.encoderFeatures());
        if (expected.mask() != null) {
          assertClose(expected.mask(), got.mask());
        }
        assertTrue(constants.isFrozen());
        assertArrayEquals(weights.get("encoder.0.weight").data(), constants.weights().get("encoder.0.weight").data());
      }
    }
  }

  @Test
  void missingWeightsAreSeededAsTheVariablesWouldBe() {
    byte[] pixels = new byte[64 * 64 * 3];
    new Random(6).nextBytes(pixels);
    try (InferenceModel variables = new InferenceModel(TINY, 9);
        InferenceModel constants = InferenceModel.frozen(TINY, Map.of(), 9, SessionConfig.Precision.FP32)) {
      assertArrayEquals(variables.describe(pixels, 1), constants.describe(pixels, 1));
    }
  }

  @Test
  void aCheckpointWithoutSomeWeightIsRefusedByName() {
    Map<String, FloatArray> weights = withMovedRunningStatistics(TINY);
    weights.remove("pool.centroids");
    VprException e = assertThrows(VprException.class, () -> InferenceModel.ofCheckpoint(TINY, weights, "ckpt.h5"));
    assertTrue(e.getMessage().contains("ckpt.h5") && e.getMessage().contains("pool.centroids"), e.getMessage());
  }

  @Test
  void aWeightOfAnotherShapeIsRefusedAndTheWeightsCannotBeReloaded() {
    Map<String, FloatArray> weights = withMovedRunningStatistics(TINY);
    weights.put("encoder.0.bias", new FloatArray(new long[] {5}, new float[5]));
    VprException e = assertThrows(VprException.class,
        () -> InferenceModel.frozen(TINY, weights, 0, SessionConfig.Precision.FP32));
    assertTrue(e.getMessage().contains("encoder.0.bias"), e.getMessage());
    try (InferenceModel constants = InferenceModel.frozen(TINY, Map.of())) {
      assertThrows(IllegalStateException.class, () -> constants.load(Map.of()));
    }
  }

  /** Seeded weights with running means and variances away from 0 and 1, so they matter. */
  private static Map<String, FloatArray> withMovedRunningStatistics(ModelConfig config) {
    Map<String, FloatArray> weights;
    try (InferenceModel m = new InferenceModel(config, 31)) {
      weights = new LinkedHashMap<>(m.weights());
    }
    Random r = new Random(7);
    weights.replaceAll((name, v) -> {
      if (!name.endsWith("running_mean") && !name.endsWith("running_var")) {
        return v;
      }
      float[] d = new float[v.data().length];
      for (int i = 0; i < d.length; i++) {
        d[i] = name.endsWith("running_var") ? 0.5f + r.nextFloat() : r.nextFloat() - 0.5f;
      }
      return new FloatArray(v.shape(), d);
    });
    return weights;
  }

  private static void assertClose(float[] expected, float[] got) {
    assertEquals(expected.length, got.length);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - got[i]));
    }
    assertTrue(max <= TOLERANCE, "max |diff| " + max);
  }
}
