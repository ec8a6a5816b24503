package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.io.FloatArray;

class VprModelTest {
  static final ModelConfig TINY = new ModelConfig(Backbone.VGG16, 0.0625, 64, 48, Pooling.NETVLAD, 8, List.of());

  static byte[] randomImages(int n, ModelConfig c, long seed) {
    byte[] px = new byte[n * c.inputHeight() * c.inputWidth() * 3];
    new Random(seed).nextBytes(px);
    return px;
  }

  @Test
  void parameterNamesAndShapesFollowTheCheckpointKeys() {
    try (InferenceModel m = new InferenceModel(ModelConfig.paper(), 1)) {
      Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
      m.params().all().forEach(p -> shapes.put(p.name(), p.shape()));
      assertEquals(28, shapes.size());
      assertArrayEquals(new long[] {3, 3, 3, 64}, shapes.get("encoder.0.weight"));
      assertArrayEquals(new long[] {3, 3, 512, 512}, shapes.get("encoder.28.weight"));
      assertArrayEquals(new long[] {64, 512}, shapes.get("pool.centroids"));
      assertArrayEquals(new long[] {1, 1, 512, 64}, shapes.get("pool.conv.weight"));
      // docs/checkpoints.md: the baseline has 14,780,224 parameters.
      assertEquals(14_780_224L, m.params().count());
    }
  }

  @Test
  void descriptorsAreUnitLengthWithTheExpectedSize() {
    try (InferenceModel m = new InferenceModel(TINY, 3)) {
      float[] d = m.describe(randomImages(2, TINY, 5), 2);
      int dim = TINY.descriptorDim();
      assertEquals(8 * 32, dim);
      assertEquals(2 * dim, d.length);
      for (int i = 0; i < 2; i++) {
        double sq = 0;
        for (int j = 0; j < dim; j++) {
          sq += d[i * dim + j] * d[i * dim + j];
        }
        assertEquals(1.0, sq, 1e-5);
      }
      float[] local = m.localDescriptors(randomImages(1, TINY, 5), 1);
      assertEquals(3 * 4 * 32, local.length);
    }
  }

  @Test
  void theSeedDeterminesTheInitialWeights() {
    byte[] px = randomImages(1, TINY, 9);
    float[] a;
    float[] b;
    float[] c;
    try (InferenceModel m = new InferenceModel(TINY, 42)) {
      a = m.describe(px, 1);
    }
    try (InferenceModel m = new InferenceModel(TINY, 42)) {
      b = m.describe(px, 1);
    }
    try (InferenceModel m = new InferenceModel(TINY, 43)) {
      c = m.describe(px, 1);
    }
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
  }

  @Test
  void globalPoolingsGiveEncoderSizedDescriptors() {
    for (Pooling pooling : List.of(Pooling.MAX, Pooling.AVG, Pooling.GEM)) {
      ModelConfig c = new ModelConfig(Backbone.VGG16, 0.0625, 64, 48, pooling, 8, List.of());
      try (InferenceModel m = new InferenceModel(c, 1)) {
        float[] d = m.describe(randomImages(1, c, 1), 1);
        assertEquals(32, d.length, pooling.spelling());
        assertNotEquals(0f, d[0], pooling.spelling());
      }
    }
  }

  @Test
  void wrongWeightsAreReportedTogether() {
    try (InferenceModel m = new InferenceModel(TINY, 1)) {
      VprException e = assertThrows(VprException.class, () -> m.load(Map.of(
          "encoder.0.weight", new FloatArray(new long[] {1}, new float[1]),
          "nonsense", new FloatArray(new long[] {1}, new float[1]))));
      assertEquals(true, e.getMessage().contains("encoder.0.weight: shape [1]"));
      assertEquals(true, e.getMessage().contains("nonsense: not a parameter"));
    }
  }
}
