package org.vpr4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.onnx.FloatTensorData;
import org.vpr4j.onnx.ImagenetInput;
import org.vpr4j.onnx.OnnxRuntimeModel;

/**
 * Descriptor extraction throughput of ONNX Runtime Java on an exported model (input {@code image}
 * NCHW float32, output {@code descriptor}), the same images and batch sizes as
 * {@link ExtractionBenchmark}. The ImageNet normalisation into a float tensor happens before the
 * clock starts, which favours ONNX Runtime slightly (vpr4j normalises inside its timed run).
 */
public final class OrtExtractionBenchmark {
  private OrtExtractionBenchmark() {}

  public static List<BenchResult> run(Path onnx, ModelConfig config, List<Integer> batches, StageRecorder stage)
      throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    List<BenchResult> out = new ArrayList<>();
    try (OnnxRuntimeModel model = OnnxRuntimeModel.open(onnx, threads)) {
      model.requireInputs("image");
      model.requireOutputs("descriptor");
      List<String> wanted = List.of("descriptor");
      for (int batch : batches) {
        FloatTensorData input = ImagenetInput.fromUint8Nhwc(ExtractionBenchmark.randomPixels(config, batch), batch,
            config.inputHeight(), config.inputWidth());
        long[] shape = model.run(Map.of("image", input), wanted).get("descriptor").dims();
        if (shape.length != 2 || shape[0] != batch) {
          throw new VprException("ONNX model " + onnx + " returned a descriptor of shape "
              + java.util.Arrays.toString(shape) + " for " + batch + " images; expected [" + batch + ", D]");
        }
        double s = stage.median(() -> model.run(Map.of("image", input), wanted));
        out.add(stage.result("onnxruntime", String.format("ONNX Runtime Java %s, CPU provider, %d threads, fp32",
            ortVersion(), threads), "batch " + batch, batch, "image", s, ExtractionBenchmark.modelExtra(config)));
      }
    }
    return out;
  }

  private static String ortVersion() {
    return ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
  }
}
