package org.vpr4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.types.TUint8;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.data.ImageEncoder;
import org.vpr4j.data.RgbImage;
import org.vpr4j.interop.SavedModelExporter;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig;
import org.vpr4j.model.layers.Tensors;

/**
 * What a server gets: the SavedModel that {@code vpr4j export} writes, loaded by TensorFlow Java
 * with its default session options, {@code serving_default} called on uint8 images at the model's
 * size. {@link #export} writes one with the random weights of {@link ExtractionBenchmark}, and
 * {@link #run} times one; {@code scripts/bench.sh} runs the two in separate processes, so the timed
 * process only loads the folder, as a server does.
 */
public final class SavedModelBenchmark {
  private SavedModelBenchmark() {}

  /** Exports the seeded random model of {@code config} to {@code out} (checked on reload as every export). */
  public static SavedModelExporter.Report export(ModelConfig config, Path out) {
    GraphConfig graph = new GraphConfig("bench", "random weights for the benchmark", config, null, null);
    var weights = weights(config);
    byte[] pixels = ExtractionBenchmark.randomPixels(config, 2);
    byte[] first = Arrays.copyOf(pixels, config.inputHeight() * config.inputWidth() * 3);
    byte[] png = ImageEncoder.png(new RgbImage(config.inputWidth(), config.inputHeight(), first));
    return SavedModelExporter.export(graph, weights, out, Map.of("weights", "random, seed 1 (bench)"), pixels, 2, png);
  }

  private static Map<String, FloatArray> weights(ModelConfig config) {
    try (InferenceModel m = InferenceModel.frozen(config, Map.of(), 1, SessionConfig.Precision.FP32)) {
      return m.weights();
    }
  }

  /** Times {@code serving_default} of the SavedModel in {@code folder} at each batch size. */
  public static List<BenchResult> run(Path folder, ModelConfig config, List<Integer> batches, StageRecorder stage)
      throws Exception {
    List<BenchResult> out = new ArrayList<>();
    long start = System.nanoTime();
    try (SavedModelBundle bundle = SavedModelBundle.load(folder.toString(), "serve")) {
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      SessionFunction serving = bundle.function(SavedModelExporter.DEFAULT_SIGNATURE);
      for (int batch : batches) {
        byte[] pixels = ExtractionBenchmark.randomPixels(config, batch);
        long[] shape = {batch, config.inputHeight(), config.inputWidth(), 3};
        double s = stage.median(() -> {
          try (TUint8 in = Tensors.bytes(shape, pixels);
              Result r = serving.call(Map.<String, Tensor>of("images", in))) {
            r.get("descriptor").orElseThrow();
          }
        });
        Map<String, Object> extra = ExtractionBenchmark.modelExtra(config);
        extra.put("loadSeconds", loadSeconds);
        out.add(stage.result("vpr4j-savedmodel", String.format("the SavedModel of `vpr4j export` (weights as"
            + " constants) loaded by TF Java 1.1.0 in a fresh process, default session options,"
            + " `serving_default` on uint8 images at %dx%d, fp32", config.inputWidth(), config.inputHeight()),
            "batch " + batch, batch, "image", s, extra));
      }
    }
    return out;
  }
}
