package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Padding;
import org.vpr4j.config.Pooling;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.layers.ConvForm;
import org.vpr4j.model.layers.ConvPlan;

/** Whole networks with their 3x3 convolutions as matrix products or Winograd tiles against the Conv2D reference. */
class LoweredConvolutionModelTest {
  /** VGG16 at a quarter of its channels: every layer after conv1_1 has at least 16 input channels. */
  private static final ModelConfig QUARTER = new ModelConfig(Backbone.VGG16, 0.25, 64, 64, Pooling.NETVLAD, 8,
      List.of());

  @ParameterizedTest
  @EnumSource(value = ConvForm.class, names = {"MATMUL", "WINOGRAD"})
  void descriptorsEqualTheConv2dReference(ConvForm form) {
    for (ModelConfig config : List.of(QUARTER,
        QUARTER.withAttentions(List.of(Attention.DEATTENTION, Attention.SENET, Attention.BAM), 1,
            Padding.REFLECT, BamPooling.SQUARE, true),
        new ModelConfig(Backbone.VGG16, 0.25, 64, 64, Pooling.GEM, 8, List.of()))) {
      byte[] pixels = new byte[2 * 64 * 64 * 3];
      new Random(21).nextBytes(pixels);
      Map<String, FloatArray> weights;
      try (InferenceModel reference = InferenceModel.reference(config, 5)) {
        weights = reference.weights();
        InferenceModel.AllOutputs expected = reference.all(pixels, 2);
        try (InferenceModel lowered = InferenceModel.frozen(config, weights, 0, SessionConfig.Precision.FP32,
            ConvPlan.fixed(form))) {
          InferenceModel.AllOutputs got = lowered.all(pixels, 2);
          assertClose(expected.descriptor(), got.descriptor(), 1e-5);
          assertClose(expected.encoderFeatures(), got.encoderFeatures(), 1e-4 * maxAbs(expected.encoderFeatures()));
          assertTrue(reference.loweredConvolutions().isEmpty());
          Map<String, ConvForm> expectedForms = new LinkedHashMap<>();
          for (Vgg16Encoder.ConvLayer l : Vgg16Encoder.LAYERS.subList(1, Vgg16Encoder.LAYERS.size())) {
            expectedForms.put("encoder." + l.index(), form);
          }
          Map<String, ConvForm> encoder = new LinkedHashMap<>(lowered.loweredConvolutions());
          encoder.keySet().retainAll(expectedForms.keySet());
          assertEquals(List.copyOf(expectedForms.entrySet()), List.copyOf(encoder.entrySet()), config.toString());
        }
      }
    }
  }

  @Test
  void largeBatchesRunInPartsWithTheSameResults() {
    byte[] pixels = new byte[5 * 64 * 64 * 3];
    new Random(22).nextBytes(pixels);
    try (InferenceModel tiles = InferenceModel.frozen(QUARTER, Map.of(), 3, SessionConfig.Precision.FP32,
        ConvPlan.WINOGRAD)) {
      float[] whole = tiles.describe(pixels, 5, 5);
      // 2 + 2 + 1 images: each part lands at its own offset.
      assertClose(whole, tiles.describe(pixels, 5, 2), 1e-6);
      assertEquals(0, tiles.describe(new byte[0], 0).length);
    }
    // 2 x 640 x 480 pixels at a time with products or tiles, everything at once with Conv2D.
    assertEquals(2, InferenceModel.imagesPerRun(640 * 480, true));
    assertEquals(32, InferenceModel.imagesPerRun(160 * 120, true));
    assertEquals(1, InferenceModel.imagesPerRun(2000 * 2000, true));
    assertEquals(Integer.MAX_VALUE, InferenceModel.imagesPerRun(640 * 480, false));
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float f : v) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }

  private static void assertClose(float[] expected, float[] got, double tolerance) {
    assertEquals(expected.length, got.length);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - got[i]));
    }
    assertTrue(max <= tolerance, "max |diff| " + max + " above " + tolerance);
  }
}
