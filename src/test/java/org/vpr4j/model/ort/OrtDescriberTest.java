package org.vpr4j.model.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Padding;
import org.vpr4j.config.Pooling;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.ProjectedDescriber;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.Describer;
import org.vpr4j.model.InferenceModel;

/**
 * The ONNX Runtime engine computes the descriptors of the TensorFlow model, for the baseline and
 * every attention module and pooling, on tiny shapes with random weights (batch-norm statistics
 * and GeM's exponent moved off their initial values so that they count).
 *
 * <p>Tolerance 1e-5 on L2-normalised descriptors: both engines compute in float32 (unit roundoff
 * 6e-8) but sum the convolutions' products in different orders (oneDNN and MLAS kernels), which
 * moves each activation by a few units of roundoff per layer; through 13 conv layers and the
 * normalisations that stays orders of magnitude below 1e-5, on any CPU, while a wrong layout, a
 * wrong padding or a missing term moves entries by 1e-3 or more.
 */
class OrtDescriberTest {
  static final double TOLERANCE = 1e-5;
  private static final ModelConfig TINY = new ModelConfig(Backbone.VGG16, 0.125, 96, 64, Pooling.NETVLAD, 8, List.of());

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("baseline", TINY),
        Arguments.of("de-attention v1 reflect", TINY.withAttentions(List.of(Attention.DEATTENTION), 1, Padding.REFLECT, BamPooling.SQUARE, false)),
        Arguments.of("de-attention v2 zeros", TINY.withAttentions(List.of(Attention.DEATTENTION), 2, Padding.ZEROS, BamPooling.SQUARE, false)),
        Arguments.of("de-attention v3, mask-weighted NetVLAD",
            TINY.withAttentions(List.of(Attention.DEATTENTION), 3, Padding.REFLECT, BamPooling.SQUARE, true)),
        Arguments.of("de-attention + SENet (the paper's best)",
            TINY.withAttentions(List.of(Attention.SENET, Attention.DEATTENTION), 1, Padding.REFLECT, BamPooling.SQUARE, false)),
        Arguments.of("CRN", TINY.withAttentions(List.of(Attention.CRN), 1, Padding.REFLECT, BamPooling.SQUARE, false)),
        // NetVLAD normalises every location, which cancels a per-location mask (docs/model.md):
        // under average pooling the mask heads' every weight counts.
        Arguments.of("de-attention v1 reflect, avg pooling", TINY.with(Map.of("pooling", Pooling.AVG))
            .withAttentions(List.of(Attention.DEATTENTION), 1, Padding.REFLECT, BamPooling.SQUARE, false)),
        Arguments.of("de-attention v2 zeros, avg pooling", TINY.with(Map.of("pooling", Pooling.AVG))
            .withAttentions(List.of(Attention.DEATTENTION), 2, Padding.ZEROS, BamPooling.SQUARE, false)),
        Arguments.of("CRN, avg pooling", TINY.with(Map.of("pooling", Pooling.AVG))
            .withAttentions(List.of(Attention.CRN), 1, Padding.REFLECT, BamPooling.SQUARE, false)),
        Arguments.of("BAM square", TINY.withAttentions(List.of(Attention.BAM), 1, Padding.REFLECT, BamPooling.SQUARE, false)),
        Arguments.of("BAM global", TINY.withAttentions(List.of(Attention.BAM), 1, Padding.REFLECT, BamPooling.GLOBAL, false)),
        Arguments.of("CBAM", TINY.withAttentions(List.of(Attention.CBAM), 1, Padding.REFLECT, BamPooling.SQUARE, false)),
        Arguments.of("ch + ECA", TINY.withAttentions(List.of(Attention.CH, Attention.ECA), 1, Padding.REFLECT, BamPooling.SQUARE, false)),
        Arguments.of("max pooling", TINY.with(Map.of("pooling", Pooling.MAX))),
        Arguments.of("avg pooling", TINY.with(Map.of("pooling", Pooling.AVG))),
        Arguments.of("GeM pooling", TINY.with(Map.of("pooling", Pooling.GEM))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void ortDescribesAsTensorFlow(String name, ModelConfig config) {
    int n = 3;
    byte[] pixels = pixels(config, n);
    try (InferenceModel tf = randomModel(config);
        OrtDescriber ort = new OrtDescriber(config, tf.weights())) {
      assertClose(tf.describe(pixels, n), ort.describe(pixels, n), name);
      // A batch of one gives the same rows (the graph's batch dimension is free).
      float[] single = ort.describe(java.util.Arrays.copyOf(pixels, pixels.length / n), 1);
      assertEquals(config.descriptorDim(), single.length);
    }
  }

  @Test
  void withPcaAsTensorFlow() {
    ModelConfig config = TINY;
    int n = 4;
    byte[] pixels = pixels(config, n);
    Random r = new Random(3);
    int dim = 16;
    float[][] components = new float[dim][config.descriptorDim()];
    double[] eigenvalues = new double[dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < config.descriptorDim(); j++) {
        components[i][j] = (float) r.nextGaussian() / (float) Math.sqrt(config.descriptorDim());
      }
      eigenvalues[i] = 0.01 + r.nextDouble() * 0.1;
    }
    float[] mean = new float[config.descriptorDim()];
    for (int j = 0; j < mean.length; j++) {
      mean[j] = (float) r.nextGaussian() * 0.01f;
    }
    Pca pca = new Pca(mean, components, eigenvalues, 1.0, true, Pca.DEFAULT_EPS, Map.of());
    try (InferenceModel tf = randomModel(config);
        OrtDescriber ort = new OrtDescriber(config, tf.weights());
        ProjectedDescriber tfPca = new ProjectedDescriber(tf, pca);
        ProjectedDescriber ortPca = new ProjectedDescriber(ort, pca)) {
      float[] expected = tfPca.describe(pixels, n);
      assertEquals(n * dim, expected.length);
      assertClose(expected, ortPca.describe(pixels, n), "PCA " + pca.label());
    }
  }

  /** The tiny model with random weights, including moved batch-norm statistics and GeM exponent. */
  static InferenceModel randomModel(ModelConfig config) {
    InferenceModel model = new InferenceModel(config, 7);
    Random r = new Random(11);
    Map<String, FloatArray> moved = new LinkedHashMap<>();
    model.weights().forEach((key, value) -> {
      float[] v = value.data();
      if (constant(v)) {
        float[] w = new float[v.length];
        for (int i = 0; i < w.length; i++) {
          w[i] = key.endsWith("running_var") ? 0.5f + r.nextFloat()
              : v[i] * (0.8f + 0.4f * r.nextFloat()) + 0.05f * (float) r.nextGaussian();
        }
        moved.put(key, new FloatArray(value.shape(), w));
      }
    });
    model.load(moved);
    return model;
  }

  static byte[] pixels(ModelConfig config, int n) {
    byte[] pixels = new byte[n * config.inputWidth() * config.inputHeight() * 3];
    new Random(n).nextBytes(pixels);
    return pixels;
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": descriptor length");
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(max <= TOLERANCE, what + ": ONNX Runtime differs from TensorFlow by " + max);
  }

  private static boolean constant(float[] v) {
    for (float x : v) {
      if (x != v[0]) {
        return false;
      }
    }
    return true;
  }
}
