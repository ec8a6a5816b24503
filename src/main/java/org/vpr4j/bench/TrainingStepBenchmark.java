package org.vpr4j.bench;

import java.util.Map;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.train.TrainingGraph;

/**
 * One optimisation step of the paper's training: 1 query, 1 positive and {@code negatives}
 * negatives through the model in training mode, triplet loss, gradients of the trainable layers,
 * SGD update (random weights and images: the cost does not depend on the values).
 */
public final class TrainingStepBenchmark {
  private TrainingStepBenchmark() {}

  public static BenchResult run(ModelConfig model, TrainConfig training, int negatives, StageRecorder stage)
      throws Exception {
    int images = 2 + negatives;
    byte[] pixels = ExtractionBenchmark.randomPixels(model, images);
    int[] q = new int[negatives];
    int[] p = new int[negatives];
    int[] n = new int[negatives];
    for (int i = 0; i < negatives; i++) {
      p[i] = 1;
      n[i] = 2 + i;
    }
    try (TrainingGraph g = new TrainingGraph(model, training, 1)) {
      double s = stage.median(() -> g.step(pixels, images, q, p, n, training.lr()));
      Map<String, Object> extra = ExtractionBenchmark.modelExtra(model);
      extra.put("trainableFrom", training.trainableFrom().spelling());
      return stage.result("vpr4j", String.format("vpr4j, TF Java 1.1.0, VGG16x%s + NetVLAD, train pass + triplet"
              + " loss + SGD, fp32, %d threads", ExtractionBenchmark.trim(model.width()),
              Runtime.getRuntime().availableProcessors()),
          images + " images, " + training.trainableFrom() + " on", images, "image", s, extra);
    }
  }
}
