package org.vpr4j.io.imports;

import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.FloatArray;
import org.vpr4j.model.Mode;
import org.vpr4j.model.Params;
import org.vpr4j.model.SessionConfig;
import org.vpr4j.model.Tensors;
import org.vpr4j.model.VprModel;

/**
 * The vpr4j TensorFlow model an import fills, in inference mode, with every output the parity
 * check compares: the descriptor, the de-attention mask and the encoder features (conv5_3
 * before its ReLU, which is what an ImageNet VGG16 import provides). {@code InferenceModel}
 * does not expose the encoder features, hence this small twin built from the same
 * {@link VprModel#forward}.
 */
final class TfImportedModel implements AutoCloseable {

  /** One run's outputs, NHWC where spatial; {@code mask} is null without de-attention. */
  record Outputs(float[] descriptor, float[] mask, float[] encoderFeatures) {}

  private final ModelConfig config;
  private final Graph graph;
  private final Session session;
  private final VprModel model;
  private final Placeholder<TUint8> images;
  private final VprModel.Outputs outputs;

  /** Builds the graph; variables start from {@code ParamInit} with seed 0 until {@link #load}. */
  TfImportedModel(ModelConfig config) {
    this.config = config;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      this.model = new VprModel(config, tf);
      this.images = tf.withName("image").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, config.inputHeight(), config.inputWidth(), 3)));
      this.outputs = model.forward(images, Mode.inference());
      this.session = new Session(graph, SessionConfig.cpu());
      model.params().initialize(session, 0);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  ModelConfig config() {
    return config;
  }

  Params params() {
    return model.params();
  }

  void load(Map<String, FloatArray> weights) {
    model.params().assign(session, weights);
  }

  /** Runs {@code n} uint8 NHWC images of the model's input size. */
  Outputs run(byte[] pixels, int n) {
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
        return new Outputs(Tensors.toArray((TFloat32) r.get(0)),
            hasMask ? Tensors.toArray((TFloat32) r.get(2)) : null,
            Tensors.toArray((TFloat32) r.get(1)));
      }
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
