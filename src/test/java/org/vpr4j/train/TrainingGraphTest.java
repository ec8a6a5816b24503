package org.vpr4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.model.FloatArray;

class TrainingGraphTest {
  static final ModelConfig TINY = new ModelConfig("vgg16", 0.0625, 32, 32, "netvlad", 4, List.of());

  static TrainConfig config(String... settings) {
    return GraphConfig.read(Path.of("graphs/netvlad.json")).withOverrides(List.of(settings), "test").training();
  }

  /** Query, a noisy copy as positive, and four unrelated negatives. */
  static byte[] batch() {
    Random r = new Random(1);
    int size = 32 * 32 * 3;
    byte[] px = new byte[6 * size];
    r.nextBytes(px);
    for (int i = 0; i < size; i++) {
      px[size + i] = (byte) Math.max(0, Math.min(255, (px[i] & 0xff) + r.nextInt(21) - 10));
    }
    return px;
  }

  static final int[] Q = {0, 0, 0, 0};
  static final int[] P = {1, 1, 1, 1};
  static final int[] N = {2, 3, 4, 5};

  @Test
  void theLossFallsOnATinyProblem() {
    TrainConfig c = config("training.margin=0.5", "training.lr=0.05", "training.trainableFrom=all");
    try (TrainingGraph g = new TrainingGraph(TINY, c, 5)) {
      byte[] px = batch();
      float first = g.step(px, 6, Q, P, N, c.lr()).loss();
      float last = first;
      for (int i = 0; i < 40; i++) {
        last = g.step(px, 6, Q, P, N, c.lr()).loss();
      }
      assertTrue(first > 0.1f, "initial loss " + first);
      assertTrue(last < first * 0.5f, "loss " + first + " -> " + last);
    }
  }

  @Test
  void frozenLayersGetNoGradientAndDoNotChange() {
    TrainConfig c = config("training.margin=0.5", "training.lr=0.05", "training.trainableFrom=conv5");
    try (TrainingGraph g = new TrainingGraph(TINY, c, 5)) {
      assertFalse(g.trainableNames().contains("encoder.21.weight"));
      assertTrue(g.trainableNames().contains("encoder.24.weight"));
      assertTrue(g.trainableNames().contains("pool.centroids"));
      Map<String, FloatArray> before = g.state();
      g.step(batch(), 6, Q, P, N, c.lr());
      Map<String, FloatArray> after = g.state();
      assertArrayEquals(before.get("encoder.21.weight").data(), after.get("encoder.21.weight").data());
      assertFalse(java.util.Arrays.equals(before.get("encoder.24.weight").data(), after.get("encoder.24.weight").data()));
      assertTrue(after.containsKey("optimizer.momentum.encoder.24.weight"));
      assertFalse(after.containsKey("optimizer.momentum.encoder.21.weight"));
    }
  }

  @Test
  void restoringTheStateContinuesExactlyLikeAnUninterruptedRun() {
    TrainConfig c = config("training.margin=0.5", "training.lr=0.05");
    byte[] px = batch();
    float[] uninterrupted = new float[4];
    Map<String, FloatArray> saved;
    try (TrainingGraph g = new TrainingGraph(TINY, c, 9)) {
      for (int i = 0; i < 2; i++) {
        uninterrupted[i] = g.step(px, 6, Q, P, N, c.lr()).loss();
      }
      saved = g.state();
      for (int i = 2; i < 4; i++) {
        uninterrupted[i] = g.step(px, 6, Q, P, N, c.lr()).loss();
      }
    }
    try (TrainingGraph g = new TrainingGraph(TINY, c, 1234)) {
      g.load(saved);
      for (int i = 2; i < 4; i++) {
        assertEquals(uninterrupted[i], g.step(px, 6, Q, P, N, c.lr()).loss(), 1e-6f, "step " + i);
      }
    }
  }
}
