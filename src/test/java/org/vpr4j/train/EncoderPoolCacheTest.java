package org.vpr4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Padding;
import org.vpr4j.config.Pooling;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.Describer;
import org.vpr4j.model.InferenceModel;

/** cacheModel=encoder-pool: the mining cache skips attention (docs/training.md, docs/quirks.md item 2). */
class EncoderPoolCacheTest {
  static final ModelConfig SE = new ModelConfig(Backbone.VGG16, 0.0625, 32, 32, Pooling.NETVLAD, 4,
      List.of(Attention.SENET));

  @Test
  void theCacheDescribesWithEncoderAndPoolingOnly() {
    byte[] px = new byte[3 * 32 * 32 * 3];
    new Random(5).nextBytes(px);
    TrainConfig c = TrainingGraphTest.config("training.cacheModel=encoder-pool");
    try (TrainingGraph g = new TrainingGraph(SE, c, 21);
        InferenceModel plain = new InferenceModel(SE.withAttentions(List.of(), 1, Padding.REFLECT, BamPooling.SQUARE,
            false), 99)) {
      Map<String, FloatArray> shared = new LinkedHashMap<>();
      g.state().forEach((k, v) -> {
        if (k.startsWith("encoder.") || k.startsWith("pool.")) {
          shared.put(k, v);
        }
      });
      plain.load(shared);
      float[] cache = g.cacheDescriber().describe(px, 3);
      assertArrayEquals(plain.describe(px, 3), cache, 1e-6f);
      float[] full = g.describe(px, 3);
      double diff = 0;
      for (int i = 0; i < full.length; i++) {
        diff = Math.max(diff, Math.abs(full[i] - cache[i]));
      }
      assertTrue(diff > 1e-4, "SE changes the trained descriptor, but not the cache's: " + diff);
    }
  }

  @Test
  void theFullCacheIsTheTrainedModel() {
    try (TrainingGraph g = new TrainingGraph(SE, TrainingGraphTest.config("training.cacheModel=full"), 21)) {
      Describer d = g.cacheDescriber();
      assertSame(g, d);
    }
  }
}
