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
import org.vpr4j.config.Backbone;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.io.FloatArray;

class TrainingGraphTest {
  static final ModelConfig TINY = new ModelConfig(Backbone.VGG16, 0.0625, 32, 32, Pooling.NETVLAD, 4, List.of());

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

  /**
   * Every table row of graphs/ builds its training graph and takes a finite step at a tiny size
   * (64x64 input, 4x4 feature grid); a de-attention row gets a constant mask target.
   */
  @Test
  void everyShippedGraphTakesATrainingStep() throws Exception {
    List<Path> graphs;
    try (var files = java.nio.file.Files.list(Path.of("graphs"))) {
      graphs = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(graphs.size() >= 8, "graphs found: " + graphs);
    Random r = new Random(2);
    byte[] px = new byte[6 * 64 * 64 * 3];
    r.nextBytes(px);
    for (Path file : graphs) {
      GraphConfig graph = GraphConfig.read(file).withOverrides(List.of("model.width=0.0625", "model.inputWidth=64",
          "model.inputHeight=64", "model.numClusters=4", "training.lr=0.01"), "test");
      try (TrainingGraph g = new TrainingGraph(graph.model(), graph.training(), 3)) {
        float[] targets = null;
        if (g.needsMaskTargets()) {
          targets = new float[6 * 4 * 4];
          java.util.Arrays.fill(targets, 0.5f);
        }
        Map<String, FloatArray> before = g.state();
        TrainingGraph.StepResult step = g.step(px, 6, Q, P, N, targets, graph.training().lr());
        assertTrue(Float.isFinite(step.loss()), file + ": loss " + step.loss());
        Map<String, FloatArray> after = g.state();
        long moved = g.trainableNames().stream()
            .filter(n -> !java.util.Arrays.equals(before.get(n).data(), after.get(n).data())).count();
        assertTrue(moved > 0, file + ": no trainable parameter changed");
      }
    }
  }
}
