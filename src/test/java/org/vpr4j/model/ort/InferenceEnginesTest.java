package org.vpr4j.model.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig;

/**
 * Choosing the engine: explicit choices are taken as given, auto times both once and then reads
 * the cache. Which engine auto picks depends on the CPU, so only its consistency is asserted.
 */
class InferenceEnginesTest {
  private static final ModelConfig TINY = new ModelConfig(Backbone.VGG16, 0.0625, 64, 48, Pooling.NETVLAD, 4, List.of());

  @TempDir Path dir;

  @Test
  void explicitEnginesAreTakenAsGiven() {
    EngineCache cache = new EngineCache(dir);
    try (InferenceModel model = new InferenceModel(TINY, 1)) {
      try (InferenceEngines.Opened tf = InferenceEngines.open(model, Engine.TF, 8, cache);
          InferenceEngines.Opened ort = InferenceEngines.open(model, Engine.ORT, 8, cache)) {
        assertEquals(Engine.TF, tf.engine());
        assertEquals(Engine.ORT, ort.engine());
        byte[] pixels = OrtDescriberTest.pixels(TINY, 2);
        OrtDescriberTest.assertClose(tf.describe(pixels, 2), ort.describe(pixels, 2), "tiny");
      }
    }
    assertTrue(Files.notExists(cache.file()), "only auto measures and records");
  }

  @Test
  void autoMeasuresOnceThenUsesTheCache() throws Exception {
    EngineCache cache = new EngineCache(dir.resolve("cache"));
    try (InferenceModel model = new InferenceModel(TINY, 1)) {
      Engine first;
      try (InferenceEngines.Opened auto = InferenceEngines.open(model, Engine.AUTO, 24, cache)) {
        first = auto.engine();
        assertNotEquals(Engine.AUTO, first);
      }
      String key = EngineCache.key(TINY, InferenceEngines.MAX_MEASURED_BATCH);
      EngineCache.Measurement m = cache.get(key).orElseThrow();
      assertEquals(first, m.faster());
      assertEquals(InferenceEngines.MAX_MEASURED_BATCH, m.batch());
      assertTrue(m.tfSeconds() > 0 && m.ortSeconds() > 0, m.toString());
      // A recorded result is used as it is: record the other engine as faster, and auto follows it.
      Engine other = first == Engine.TF ? Engine.ORT : Engine.TF;
      EngineCache.Measurement flipped = other == Engine.ORT
          ? new EngineCache.Measurement(2.0, 1.0, m.batch(), m.measuredAt())
          : new EngineCache.Measurement(1.0, 2.0, m.batch(), m.measuredAt());
      cache.put(key, flipped, "test");
      try (InferenceEngines.Opened again = InferenceEngines.open(model, Engine.AUTO, 24, cache)) {
        assertEquals(other, again.engine());
      }
      // Another batch size is another key.
      assertTrue(cache.get(EngineCache.key(TINY, 1)).isEmpty());
    }
  }

  @Test
  void anUnreadableCacheIsMeasuredAgain() throws Exception {
    EngineCache cache = new EngineCache(dir);
    Files.writeString(cache.file(), EngineCache.key(TINY, 2) + "=ort not-a-number\n");
    assertTrue(cache.get(EngineCache.key(TINY, 2)).isEmpty());
  }

  @Test
  void bf16RunsOnTensorFlowOnly() {
    EngineCache cache = new EngineCache(dir);
    try (InferenceModel model = new InferenceModel(TINY, 1, SessionConfig.Precision.BF16)) {
      VprException e = assertThrows(VprException.class, () -> InferenceEngines.open(model, Engine.ORT, 4, cache));
      assertTrue(e.getMessage().contains("--engine ort computes in fp32 only"), e.getMessage());
      try (InferenceEngines.Opened auto = InferenceEngines.open(model, Engine.AUTO, 4, cache)) {
        assertEquals(Engine.TF, auto.engine());
      }
    }
    assertTrue(Files.notExists(cache.file()));
  }

  @Test
  void engineNames() {
    assertEquals(Engine.ORT, Engine.parse("ORT", "--engine"));
    assertEquals(Engine.TF, Engine.parse("tensorflow", "--engine"));
    VprException e = assertThrows(VprException.class, () -> Engine.parse("gpu", "test: --engine"));
    assertEquals("test: --engine 'gpu' is not an engine: use auto, tf or ort", e.getMessage());
  }
}
