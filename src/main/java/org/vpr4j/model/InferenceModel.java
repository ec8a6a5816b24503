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
    this(config, seed, precision, null, null, false);
  }

  /**
   * A model whose weights are constants of its graph: the fast form for inference, as oneDNN packs
   * each constant filter once instead of on every run (docs/benchmarks.md, "Weights as
   * constants"). As with {@link #load}, every name in {@code weights} must be a parameter of the
   * model with its shape; parameters it lacks get their initial value from {@code seed}.
   * {@link #load} is refused (build another model to change the weights).
   */
  public static InferenceModel frozen(ModelConfig config, Map<String, FloatArray> weights, long seed,
      SessionConfig.Precision precision) {
    return new InferenceModel(config, seed, precision, weights, null, true);
  }

  /**
   * The {@link #frozen} model of a checkpoint's tensors: those of the model are taken, and every
   * weight and running statistic must be there with its shape, else the error names
   * {@code origin} (see {@link Params#fitting}).
   */
  public static InferenceModel ofCheckpoint(ModelConfig config, Map<String, FloatArray> tensors, String origin,
      SessionConfig.Precision precision) {
    return new InferenceModel(config, 0, precision, tensors, origin, true);
  }

  /** {@link #ofCheckpoint(ModelConfig, Map, String, SessionConfig.Precision)} in float32. */
  public static InferenceModel ofCheckpoint(ModelConfig config, Map<String, FloatArray> tensors, String origin) {
    return ofCheckpoint(config, tensors, origin, SessionConfig.Precision.FP32);
  }

  /**
   * A checkpoint's model with its weights in variables, loaded without the seeded initial values
   * first: the quicker start for a process that describes a few images and exits (one query),
   * where the constant form's longer first run (measured in docs/benchmarks.md, "Cold start")
   * is not paid back. Same checks as {@link #ofCheckpoint}.
   */
  public static InferenceModel ofCheckpointForFewImages(ModelConfig config, Map<String, FloatArray> tensors,
      String origin) {
    return new InferenceModel(config, 0, SessionConfig.Precision.FP32, tensors, origin, false);
  }

  /** {@link #frozen(ModelConfig, Map, long, SessionConfig.Precision)} in float32. */
  public static InferenceModel frozen(ModelConfig config, Map<String, FloatArray> weights) {
    return frozen(config, weights, 0, SessionConfig.Precision.FP32);
  }

  private InferenceModel(ModelConfig config, long seed, SessionConfig.Precision precision,
      Map<String, FloatArray> weights, String origin, boolean asConstants) {
    this.config = config;
    this.precision = precision;
    this.tfGraph = new Graph();
    try {
      Ops tf = Ops.create(tfGraph);
      this.model = asConstants ? VprModel.frozen(config, tf, precision, weights, seed)
          : new VprModel(config, tf, precision);
      this.images = tf.withName("image").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, config.inputHeight(), config.inputWidth(), 3)));
      this.outputs = model.forward(images, Mode.inference());
      Map<String, FloatArray> checked = weights;
      if (origin != null) {
        checked = model.params().fitting(weights, origin);
      } else if (weights != null) {
        model.params().requireShapes(weights);
      }
      this.session = new Session(tfGraph, SessionConfig.cpu(precision));
      if (weights == null) {
        model.params().initialize(session, seed);
      } else if (!asConstants) {
        model.params().assign(session, checked); // every weight is there: no seeded values first
      }
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

  /** Whether the weights are graph constants ({@link #frozen}); such a model cannot {@link #load}. */
  public boolean isFrozen() {
    return model.params().isFrozen();
  }

  /** Loads weights (all or some parameters); refused by a {@link #frozen} model. */
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
