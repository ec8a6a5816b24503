package org.vpr4j.cli;

import org.vpr4j.model.ort.Engine;
import org.vpr4j.model.ort.InferenceEngines;
import org.vpr4j.VprException;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig;

/**
 * The {@code --engine} option of the commands that describe images at inference. Its default is
 * {@code auto}, or the environment variable {@value #ENVIRONMENT} where set (the test suite sets
 * it to {@code tf}, so that its results do not depend on which engine is faster on the CPU).
 */
final class EngineOptions {
  static final String ENVIRONMENT = "VPR4J_ENGINE";

  private EngineOptions() {}

  static OptionSet add(OptionSet o) {
    String env = System.getenv(ENVIRONMENT);
    return o.value("engine", "E", env == null || env.isBlank() ? "auto" : env.trim(), "what computes the"
        + " descriptors: tf (TensorFlow, the engine that trains; fp32 or bf16), ort (ONNX Runtime on a graph written"
        + " from the same weights; fp32; the same descriptors within 1e-5) or auto (the faster of the two here, timed"
        + " once per machine and model and cached; see docs/benchmarks.md); default from $" + ENVIRONMENT + " if set");
  }

  static Engine engine(Args args, String command) {
    return Engine.parse(args.string("engine"), command + ": --engine");
  }

  /** {@code --engine}, refusing ort for a reduced {@code precision} (ONNX Runtime computes fp32 here). */
  static Engine engine(Args args, String command, SessionConfig.Precision precision) {
    Engine engine = engine(args, command);
    if (engine == Engine.ORT && precision != SessionConfig.Precision.FP32) {
      throw new VprException(command + ": --engine ort computes in fp32 only; --precision " + precision.label()
          + " runs on --engine tf (or auto, which then chooses tf)");
    }
    return engine;
  }

  /** The engine of {@code --engine} on the loaded {@code model}. */
  static InferenceEngines.Opened open(Args args, String command, InferenceModel model, int batchSize) {
    return InferenceEngines.open(model, engine(args, command), batchSize);
  }
}
