package org.vpr4j.bench;

import java.util.Random;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.train.TrainingGraph;

/**
 * One optimisation step of the paper's training: 1 query, 1 positive and 10 negatives (12 images)
 * through the model in training mode, triplet loss, gradients of the trainable layers, SGD update.
 */
public final class TrainingStepBenchmark {

  /** One measurement. */
  public record Result(int images, String trainableFrom, double seconds, double peakRssMib) {}

  private TrainingStepBenchmark() {}

  public static Result run(ModelConfig model, TrainConfig training, int negatives, int warmup, int runs)
      throws Exception {
    int images = 2 + negatives;
    byte[] pixels = new byte[images * model.inputHeight() * model.inputWidth() * 3];
    new Random(7).nextBytes(pixels);
    int[] q = new int[negatives];
    int[] p = new int[negatives];
    int[] n = new int[negatives];
    for (int i = 0; i < negatives; i++) {
      p[i] = 1;
      n[i] = 2 + i;
    }
    try (TrainingGraph g = new TrainingGraph(model, training, 1)) {
      double s = Timing.median(warmup, runs, () -> g.step(pixels, images, q, p, n, training.lr()));
      return new Result(images, training.trainableFrom(), s, Timing.peakRssMib());
    }
  }
}
