package org.vpr4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig;
import org.vpr4j.model.ort.OrtDescriber;

/**
 * Descriptor extraction throughput of vpr4j (TF Java) at several batch sizes: random weights and
 * random images, as the cost does not depend on the values. A run is one {@code describe} call,
 * uint8 pixels in, descriptors out, so the feed and fetch copies are included.
 */
public final class ExtractionBenchmark {
  private ExtractionBenchmark() {}

  /**
   * @param bf16 when {@code precision} is bf16: the self-check it must pass first (on two of the
   *     random images), so that no speed is reported for wrong arithmetic; its cosine is recorded
   */
  public static List<BenchResult> run(ModelConfig config, SessionConfig.Precision precision,
      Bf16SelfCheck.Policy bf16, List<Integer> batches, StageRecorder stage) throws Exception {
    List<BenchResult> out = new ArrayList<>();
    try (InferenceModel model = InferenceModel.frozen(config, Map.of(), 1, precision)) {
      Map<String, Object> extra = modelExtra(config);
      if (precision == SessionConfig.Precision.BF16) {
        Bf16SelfCheck.Outcome check = Bf16SelfCheck.verify(model, randomPixels(config, 2), 2, bf16, "bench");
        extra.put("selfCheckLocalCosine", check.localCosineMean());
      }
      for (int batch : batches) {
        byte[] pixels = randomPixels(config, batch);
        double s = stage.median(() -> model.describe(pixels, batch));
        out.add(stage.result(engine(precision), label(config, precision), "batch " + batch, batch, "image", s,
            extra));
      }
    }
    return out;
  }

  /** {@code vpr4j} for float32, {@code vpr4j-bf16} for bfloat16 compute. */
  static String engine(SessionConfig.Precision precision) {
    return precision == SessionConfig.Precision.FP32 ? "vpr4j" : "vpr4j-" + precision.label();
  }

  static String label(ModelConfig config, SessionConfig.Precision precision) {
    return String.format("vpr4j, TF Java 1.1.0 (TF 2.18, oneDNN), VGG16x%s + NetVLAD %s, %d threads",
        trim(config.width()), precision.label(), Runtime.getRuntime().availableProcessors());
  }

  static Map<String, Object> modelExtra(ModelConfig config) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("input", config.inputWidth() + "x" + config.inputHeight());
    extra.put("width", config.width());
    return extra;
  }

  /**
   * Throughput of the ONNX Runtime engine ({@code --engine ort}, fp32) on the same random weights
   * and images; before timing, its descriptors are compared with TensorFlow's on the first batch
   * size (the largest absolute difference is recorded as {@code maxAbsDiffToTf}).
   */
  public static List<BenchResult> runOrt(ModelConfig config, List<Integer> batches, StageRecorder stage)
      throws Exception {
    List<BenchResult> out = new ArrayList<>();
    Map<String, Object> extra = modelExtra(config);
    try (InferenceModel tf = new InferenceModel(config, 1);
        OrtDescriber ort = new OrtDescriber(config, tf.weights())) {
      int first = batches.get(0);
      byte[] check = randomPixels(config, first);
      float[] expected = tf.describe(check, first);
      float[] actual = ort.describe(check, first);
      double max = 0;
      for (int i = 0; i < expected.length; i++) {
        max = Math.max(max, Math.abs(expected[i] - actual[i]));
      }
      extra.put("maxAbsDiffToTf", max);
      for (int batch : batches) {
        byte[] pixels = randomPixels(config, batch);
        double s = stage.median(() -> ort.describe(pixels, batch));
        out.add(stage.result("vpr4j-ort", String.format("vpr4j --engine ort: ONNX Runtime Java %s on the graph"
            + " vpr4j writes from its weights (uint8 NHWC in), VGG16x%s + NetVLAD fp32, %d threads; max |difference|"
            + " to vpr4j tf %.2g", ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(), trim(config.width()),
            Runtime.getRuntime().availableProcessors(), max), "batch " + batch, batch, "image", s, extra));
      }
    }
    return out;
  }

  static byte[] randomPixels(ModelConfig config, int batch) {
    byte[] pixels = new byte[Math.multiplyExact(batch, config.inputHeight() * config.inputWidth() * 3)];
    new Random(batch).nextBytes(pixels);
    return pixels;
  }

  static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) + ".0" : String.valueOf(v);
  }
}
