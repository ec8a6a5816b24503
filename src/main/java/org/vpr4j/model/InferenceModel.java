package org.vpr4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.vpr4j.model.layers.ConvForm;
import org.vpr4j.model.layers.ConvPlan;
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
  /** Images per forward pass ({@link #imagesPerRun(int, boolean)}); fixed once the graph is built. */
  private final int imagesPerRun;

  /** Builds the graph; weights are initialised from {@code seed} until {@link #load} is called. */
  public InferenceModel(ModelConfig config, long seed) {
    this(config, seed, SessionConfig.Precision.FP32);
  }

  /**
   * As {@link #InferenceModel(ModelConfig, long)}, computing in {@code precision}; weights and
   * outputs stay float32 either way, so {@link #load} and {@link #weights} are unchanged.
   */
  public InferenceModel(ModelConfig config, long seed, SessionConfig.Precision precision) {
    this(config, seed, precision, null, null, false, InferenceConvolutions.plan(precision));
  }

  /**
   * A float32 model in variables built with TensorFlow's Conv2D everywhere, whatever
   * {@link InferenceConvolutions} would choose: the reference other forms are checked against.
   */
  public static InferenceModel reference(ModelConfig config, long seed) {
    return new InferenceModel(config, seed, SessionConfig.Precision.FP32, null, null, false, ConvPlan.CONV2D);
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
    return frozen(config, weights, seed, precision, InferenceConvolutions.plan(precision));
  }

  /** As above, with each 3x3 convolution in the {@link ConvForm} {@code convPlan} picks. */
  public static InferenceModel frozen(ModelConfig config, Map<String, FloatArray> weights, long seed,
      SessionConfig.Precision precision, ConvPlan convPlan) {
    return new InferenceModel(config, seed, precision, weights, null, true, convPlan);
  }

  /**
   * The {@link #frozen} model of a checkpoint's tensors: those of the model are taken, and every
   * weight and running statistic must be there with its shape, else the error names
   * {@code origin} (see {@link Params#fitting}).
   */
  public static InferenceModel ofCheckpoint(ModelConfig config, Map<String, FloatArray> tensors, String origin,
      SessionConfig.Precision precision) {
    return new InferenceModel(config, 0, precision, tensors, origin, true, InferenceConvolutions.plan(precision));
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
    return new InferenceModel(config, 0, SessionConfig.Precision.FP32, tensors, origin, false,
        InferenceConvolutions.plan(SessionConfig.Precision.FP32));
  }

  /** {@link #frozen(ModelConfig, Map, long, SessionConfig.Precision)} in float32. */
  public static InferenceModel frozen(ModelConfig config, Map<String, FloatArray> weights) {
    return frozen(config, weights, 0, SessionConfig.Precision.FP32);
  }

  private InferenceModel(ModelConfig config, long seed, SessionConfig.Precision precision,
      Map<String, FloatArray> weights, String origin, boolean asConstants, ConvPlan convPlan) {
    this.config = config;
    this.precision = precision;
    this.tfGraph = new Graph();
    try {
      Ops tf = Ops.create(tfGraph);
      this.model = asConstants ? VprModel.frozen(config, tf, precision, convPlan, weights, seed)
          : new VprModel(config, tf, precision, convPlan);
      this.images = tf.withName("image").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, config.inputHeight(), config.inputWidth(), 3)));
      this.outputs = model.forward(images, Mode.inference());
      this.imagesPerRun = imagesPerRun(config.inputHeight() * config.inputWidth(),
          !model.loweredConvolutions().isEmpty());
      Map<String, FloatArray> checked = weights;
      if (origin != null) {
        checked = model.params().fitting(weights, origin);
      } else if (weights != null) {
        model.params().requireShapes(weights);
      }
      this.session = openInitialized(seed, weights == null ? null : asConstants ? Map.of() : checked);
    } catch (RuntimeException e) {
      tfGraph.close();
      throw e;
    }
  }

  /**
   * A session on the graph with its variables set: from {@code seed} when {@code values} is null,
   * else to {@code values} (every weight, or none for constant weights). A failure closes it.
   */
  private Session openInitialized(long seed, Map<String, FloatArray> values) {
    Session s = new Session(tfGraph, SessionConfig.inference(precision));
    try {
      if (values == null) {
        model.params().initialize(s, seed);
      } else if (!values.isEmpty()) {
        model.params().assign(s, values); // every weight is there: no seeded values first
      }
      return s;
    } catch (RuntimeException e) {
      s.close();
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

  /** The convolutions this model computes in another form than Conv2D, by parameter key ({@link InferenceConvolutions}). */
  public Map<String, ConvForm> loweredConvolutions() {
    return model.loweredConvolutions();
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
    return run(pixels, n, List.of(outputs.descriptor())).get(0);
  }

  /** L2-normalised local descriptors [n, h, w, encoderDim] of the encoder output (for clustering). */
  public float[] localDescriptors(byte[] pixels, int n) {
    return run(pixels, n, List.of(outputs.localDescriptors())).get(0);
  }

  /** The de-attention mask [n, h, w, 1], or {@code null} when the model has none. */
  public float[] mask(byte[] pixels, int n) {
    return outputs.mask() == null ? null : run(pixels, n, List.of(outputs.mask())).get(0);
  }

  /** Every output of one forward pass; spatial ones NHWC, {@code mask} null without de-attention. */
  public record AllOutputs(float[] descriptor, float[] mask, float[] encoderFeatures) {}

  /** Descriptor, de-attention mask and encoder features (conv5_3 before its ReLU) in one run. */
  public AllOutputs all(byte[] pixels, int n) {
    boolean hasMask = outputs.mask() != null;
    List<Operand<TFloat32>> fetched = hasMask
        ? List.of(outputs.descriptor(), outputs.encoderFeatures(), outputs.mask())
        : List.of(outputs.descriptor(), outputs.encoderFeatures());
    List<float[]> r = run(pixels, n, fetched);
    return new AllOutputs(r.get(0), hasMask ? r.get(2) : null, r.get(1));
  }

  /**
   * Images per forward pass: all of them, except with convolutions as matrix products or Winograd
   * tiles, whose intermediate buffers take several times an activation's memory (about 0.5 GB
   * more per 640x480 image, docs/benchmarks.md): then batches of at most
   * {@value #LOWERED_PIXELS_PER_RUN} pixels, which run as fast per image as larger ones.
   */
  static int imagesPerRun(int pixelsPerImage, boolean loweredConvolutions) {
    return loweredConvolutions ? Math.max(1, LOWERED_PIXELS_PER_RUN / pixelsPerImage) : Integer.MAX_VALUE;
  }

  static final int LOWERED_PIXELS_PER_RUN = 2 * 640 * 480;

  /** Descriptors computed {@code imagesPerRun} images at a time (for tests of the batching). */
  float[] describe(byte[] pixels, int n, int imagesPerRun) {
    return run(pixels, n, List.of(outputs.descriptor()), imagesPerRun).get(0);
  }

  private List<float[]> run(byte[] pixels, int n, List<Operand<TFloat32>> fetched) {
    return run(pixels, n, fetched, imagesPerRun);
  }

  /** Runs the images through in batches of {@code imagesPerRun}; returns each output for all of them. */
  private List<float[]> run(byte[] pixels, int n, List<Operand<TFloat32>> fetched, int imagesPerRun) {
    if (n == 0) {
      // No forward pass: the matrix-product form cannot slice an empty batch's rows.
      return fetched.stream().map(f -> new float[0]).toList();
    }
    if (n <= imagesPerRun) {
      return runOnce(pixels, n, fetched);
    }
    int imageBytes = config.inputHeight() * config.inputWidth() * 3;
    List<float[]> whole = null;
    for (int first = 0; first < n; first += imagesPerRun) {
      int count = Math.min(imagesPerRun, n - first);
      List<float[]> part = runOnce(Arrays.copyOfRange(pixels, first * imageBytes, (first + count) * imageBytes),
          count, fetched);
      if (whole == null) {
        whole = part.stream().map(v -> new float[v.length / count * n]).toList();
      }
      for (int i = 0; i < part.size(); i++) {
        float[] values = part.get(i);
        System.arraycopy(values, 0, whole.get(i), values.length / count * first, values.length);
      }
    }
    return whole;
  }

  /** One forward pass of {@code n} images; each fetched output as a flat array. */
  private List<float[]> runOnce(byte[] pixels, int n, List<Operand<TFloat32>> fetched) {
    long[] shape = {n, config.inputHeight(), config.inputWidth(), 3};
    try (TUint8 in = Tensors.bytes(shape, pixels)) {
      Session.Runner runner = session.runner().feed(images, in);
      fetched.forEach(runner::fetch);
      try (Result r = runner.run()) {
        List<float[]> values = new ArrayList<>(fetched.size());
        for (int i = 0; i < fetched.size(); i++) {
          values.add(Tensors.toArray((TFloat32) r.get(i)));
        }
        return values;
      }
    }
  }

  @Override
  public void close() {
    session.close();
    tfGraph.close();
  }
}
