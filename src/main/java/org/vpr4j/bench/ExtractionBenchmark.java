package org.vpr4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.InferenceModel;

/**
 * Descriptor extraction throughput of a model (random weights, random images: the cost does not
 * depend on the values) at several batch sizes.
 */
public final class ExtractionBenchmark {

  /** One measured batch size. */
  public record Result(int batch, double secondsPerBatch, double imagesPerSecond, double peakRssMib) {
    public double secondsPerImage() {
      return secondsPerBatch / batch;
    }
  }

  private ExtractionBenchmark() {}

  public static List<Result> run(ModelConfig config, List<Integer> batches, int warmup, int runs) throws Exception {
    List<Result> out = new ArrayList<>();
    try (InferenceModel model = new InferenceModel(config, 1)) {
      for (int batch : batches) {
        byte[] pixels = new byte[batch * config.inputHeight() * config.inputWidth() * 3];
        new Random(batch).nextBytes(pixels);
        double s = Timing.median(warmup, runs, () -> model.describe(pixels, batch));
        out.add(new Result(batch, s, batch / s, Timing.peakRssMib()));
      }
    }
    return out;
  }
}
