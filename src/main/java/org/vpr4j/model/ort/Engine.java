package org.vpr4j.model.ort;

import java.util.Locale;
import org.vpr4j.VprException;

/** Which library computes descriptors at inference (docs/benchmarks.md, "Engines"). */
public enum Engine {
  /** Whichever of the two is faster on this machine for this model, measured once and cached. */
  AUTO,
  /** TensorFlow Java, the engine that also trains and exports (float32 or bf16). */
  TF,
  /** ONNX Runtime on a graph written from the same weights (float32). */
  ORT;

  /** {@code auto}, {@code tf} or {@code ort} (any case); {@code origin} names the option for the error. */
  public static Engine parse(String text, String origin) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "auto" -> AUTO;
      case "tf", "tensorflow" -> TF;
      case "ort", "onnxruntime" -> ORT;
      default -> throw new VprException(origin + " '" + text + "' is not an engine: use auto, tf or ort");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
