package org.vpr4j.model.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.Describer;

/**
 * The ONNX Runtime engine: describes images with ONNX Runtime's CPU provider running the graph
 * {@link VprOnnxGraph} writes from the model's weights. Float32 only. Session options: one
 * intra-op thread per core (the ops of this chain run one after another), every graph
 * optimisation (constant folding, conv + bias + ReLU fusion, layout transformation to the CPU
 * provider's blocked format) and the memory pattern (buffers planned once per input shape).
 */
public final class OrtDescriber implements Describer, AutoCloseable {
  private final ModelConfig config;
  private final OrtEnvironment environment;
  private final OrtSession session;

  /**
   * @param weights every parameter of the model, TensorFlow layout (see {@link VprOnnxGraph#build})
   * @throws VprException if the model has a part the ONNX graph cannot express, or ONNX Runtime refuses it
   */
  public OrtDescriber(ModelConfig config, Map<String, FloatArray> weights) {
    this.config = config;
    byte[] model = VprOnnxGraph.build(config, weights).toByteArray();
    this.environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setMemoryPatternOptimization(true);
      this.session = environment.createSession(model, options);
    } catch (OrtException e) {
      throw new VprException("ONNX Runtime refused the graph of model " + describe(config) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public float[] describe(byte[] pixels, int n) {
    long[] shape = {n, config.inputHeight(), config.inputWidth(), 3};
    if ((long) pixels.length < (long) n * config.inputHeight() * config.inputWidth() * 3) {
      throw new IllegalArgumentException(n + " images of " + config.inputWidth() + "x" + config.inputHeight()
          + " need more than " + pixels.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.allocateDirect(Math.multiplyExact(n, config.inputHeight() * config.inputWidth() * 3));
    in.put(pixels, 0, in.capacity()).flip();
    try (OnnxTensor image = OnnxTensor.createTensor(environment, in, shape, OnnxJavaType.UINT8);
        OrtSession.Result result = session.run(Map.of(VprOnnxGraph.INPUT, image))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] descriptors = new float[out.remaining()];
      out.get(descriptors);
      return descriptors;
    } catch (OrtException e) {
      throw new VprException("ONNX Runtime failed to describe " + n + " images: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new VprException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
    }
  }

  private static String describe(ModelConfig c) {
    return "VGG16x" + c.width() + " " + c.inputWidth() + "x" + c.inputHeight() + " " + c.pooling()
        + (c.attentions().isEmpty() ? "" : " + " + c.attentions());
  }
}
