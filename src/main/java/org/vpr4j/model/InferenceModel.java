package org.vpr4j.model;

import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.layers.Mode;
import org.vpr4j.model.layers.Params;
import org.vpr4j.model.layers.Tensors;

/**
 * A model ready to compute descriptors: its own graph (inference mode) and session. Feed uint8
 * NHWC RGB batches at the model's input size.
 */
public final class InferenceModel implements Describer, AutoCloseable {
  private final ModelConfig config;
  private final SessionConfig.Precision precision;
  private final Graph tfGraph;
  private final Session session;
  private final VprModel model;
  private final Placeholder<TUint8> images;
  private final VprModel.Outputs outputs;

  /** Builds the graph; weights are initialised from {@code seed} until {@link #load} is called. */
  public InferenceModel(ModelConfig config, long seed) {
    this(config, seed, SessionConfig.Precision.FP32);
  }

  /**
   * As {@link #InferenceModel(ModelConfig, long)}, computing in {@code precision}; weights and
   * outputs stay float32 either way, so {@link #load} and {@link #weights} are unchanged.
   */
  public InferenceModel(ModelConfig config, long seed, SessionConfig.Precision precision) {
    this.config = config;
    this.precision = precision;
    this.tfGraph = new Graph();
    try {
      Ops tf = Ops.create(tfGraph);
      this.model = new VprModel(config, tf, precision);
      this.images = tf.withName("image").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, config.inputHeight(), config.inputWidth(), 3)));
      this.outputs = model.forward(images, Mode.inference());
      this.session = new Session(tfGraph, SessionConfig.cpu(precision));
      model.params().initialize(session, seed);
    } catch (RuntimeException e) {
      tfGraph.close();
      throw e;
    }
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  public SessionConfig.Precision precision() {
    return precision;
  }

  public Params params() {
    return model.params();
  }

  /** Loads weights (all or some parameters). */
  public void load(Map<String, FloatArray> weights) {
    model.params().assign(session, weights);
  }

  public Map<String, FloatArray> weights() {
    return model.params().read(session);
  }

  /** Global descriptors [n, descriptorDim] for {@code n} images (uint8 NHWC). */
  @Override
  public float[] describe(byte[] pixels, int n) {
    return run(pixels, n, outputs.descriptor());
  }

  /** L2-normalised local descriptors [n, h, w, encoderDim] of the encoder output (for clustering). */
  public float[] localDescriptors(byte[] pixels, int n) {
    return run(pixels, n, outputs.localDescriptors());
  }

  /** The de-attention mask [n, h, w, 1], or {@code null} when the model has none. */
  public float[] mask(byte[] pixels, int n) {
    return outputs.mask() == null ? null : run(pixels, n, outputs.mask());
  }

  /** Every output of one forward pass; spatial ones NHWC, {@code mask} null without de-attention. */
  public record AllOutputs(float[] descriptor, float[] mask, float[] encoderFeatures) {}

  /** Descriptor, de-attention mask and encoder features (conv5_3 before its ReLU) in one run. */
  public AllOutputs all(byte[] pixels, int n) {
    long[] shape = {n, config.inputHeight(), config.inputWidth(), 3};
    boolean hasMask = outputs.mask() != null;
    try (TUint8 in = Tensors.bytes(shape, pixels)) {
      Session.Runner runner = session.runner().feed(images, in)
          .fetch(outputs.descriptor())
          .fetch(outputs.encoderFeatures());
      if (hasMask) {
        runner.fetch(outputs.mask());
      }
      try (Result r = runner.run()) {
        return new AllOutputs(Tensors.toArray((TFloat32) r.get(0)),
            hasMask ? Tensors.toArray((TFloat32) r.get(2)) : null,
            Tensors.toArray((TFloat32) r.get(1)));
      }
    }
  }

  private float[] run(byte[] pixels, int n, Operand<TFloat32> output) {
    long[] shape = {n, config.inputHeight(), config.inputWidth(), 3};
    try (TUint8 in = Tensors.bytes(shape, pixels);
        Result r = session.runner().feed(images, in).fetch(output).run()) {
      return Tensors.toArray((TFloat32) r.get(0));
    }
  }

  @Override
  public void close() {
    session.close();
    tfGraph.close();
  }
}
