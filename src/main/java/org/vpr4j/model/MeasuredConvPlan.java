package org.vpr4j.model;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vpr4j.io.CacheFile;
import org.vpr4j.io.CacheFolder;
import org.vpr4j.model.layers.ConvPlan;
import org.vpr4j.model.layers.MatMulConvolution;

/**
 * The {@link ConvPlan} chosen by timing, like {@code --engine auto}: the first time a convolution
 * shape is built on this machine, one image's convolution (with bias and ReLU, as in the model)
 * is timed both ways, and matrix products are kept only when they take at most
 * {@value #REQUIRED_RATIO} of Conv2D's time. Decisions are recorded in
 * {@code convolutions.properties} in the {@link CacheFolder}, keyed by the CPU model, the number
 * of cores, the TensorFlow version and the shape; an unreadable or unwritable file costs a new
 * measurement, never a failure.
 */
public final class MeasuredConvPlan implements ConvPlan {
  private static final Logger LOG = LogManager.getLogger(MeasuredConvPlan.class);
  private static final String FILE = "convolutions.properties";
  /** Conv2D is the standard form: the other must be clearly faster, not faster within the noise. */
  static final double REQUIRED_RATIO = 0.9;
  private static final int TIMED_RUNS = 3;
  static final double MIN_SAMPLE_SECONDS = 0.05;
  private static final Map<Path, MeasuredConvPlan> SHARED = new ConcurrentHashMap<>();

  /** Seconds of one image's convolution each way, and when they were measured. */
  public record Measurement(double conv2dSeconds, double matMulSeconds, String measuredAt) {
    public boolean matMulFaster() {
      return matMulSeconds <= REQUIRED_RATIO * conv2dSeconds;
    }

    String encode() {
      return String.format(Locale.ROOT, "%s %.6f %.6f %s", matMulFaster() ? "matmul" : "conv2d", conv2dSeconds,
          matMulSeconds, measuredAt);
    }

    static Optional<Measurement> decode(String value) {
      String[] f = value.trim().split(" ");
      try {
        return f.length == 4 ? Optional.of(new Measurement(Double.parseDouble(f[1]), Double.parseDouble(f[2]), f[3]))
            : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  private final CacheFile file;
  private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

  MeasuredConvPlan(Path folder) {
    this.file = new CacheFile(folder.resolve(FILE), "vpr4j: per convolution shape (height x width x in - out),"
        + " the faster form, Conv2D and matrix-product seconds for one image, when");
  }

  /** The plan of {@code folder}'s cache, one per process, so that each shape is looked up once. */
  public static MeasuredConvPlan of(Path folder) {
    return SHARED.computeIfAbsent(folder.toAbsolutePath().normalize(), MeasuredConvPlan::new);
  }

  /** The plan of the user's cache folder. */
  public static MeasuredConvPlan userDefault() {
    return of(CacheFolder.userDefault());
  }

  public Path file() {
    return file.path();
  }

  @Override
  public boolean asMatMul(long height, long width, int in, int out) {
    String shape = height + "x" + width + "x" + in + "-" + out;
    return decided.computeIfAbsent(shape, s -> decide(s, height, width, in, out));
  }

  /** The cache key of a shape on this machine. */
  static String key(String shape) {
    return CpuFeatures.current().model().replace(' ', '_') + "|" + Runtime.getRuntime().availableProcessors()
        + "|tf" + TensorFlow.version() + "|" + shape;
  }

  private synchronized boolean decide(String shape, long height, long width, int in, int out) {
    String key = key(shape);
    Optional<Measurement> recorded = file.get(key).flatMap(Measurement::decode);
    if (recorded.isPresent()) {
      return recorded.get().matMulFaster();
    }
    LOG.info("convolution {}: timing Conv2D against matrix products on one image (once for this machine)", shape);
    Measurement m = measure(height, width, in, out);
    LOG.info("convolution {}: {} (Conv2D {} s, matrix products {} s; recorded in {})", shape,
        m.matMulFaster() ? "matrix products" : "Conv2D", seconds(m.conv2dSeconds()), seconds(m.matMulSeconds()), file.path());
    file.put(key, m.encode(), null);
    return m.matMulFaster();
  }

  /**
   * Times both forms, alternating, after one untimed run each (which creates the kernels): the
   * best of {@value #TIMED_RUNS} samples, each at least {@value #MIN_SAMPLE_SECONDS} s of runs.
   */
  static Measurement measure(long height, long width, int in, int out) {
    Random random = new Random(height * 31 + width * 17 + in * 7L + out);
    float[] weights = new float[9 * in * out];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) (random.nextGaussian() * Math.sqrt(2.0 / (9 * out)));
    }
    float[] image = new float[Math.toIntExact(height * width * in)];
    for (int i = 0; i < image.length; i++) {
      image[i] = random.nextFloat();
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width, in)));
      Operand<TFloat32> w = tf.constant(Shape.of(3, 3, in, out), DataBuffers.of(weights));
      Operand<TFloat32> bias = tf.constant(new float[out]);
      Operand<TFloat32> direct = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME"), bias));
      Operand<TFloat32> products = tf.nn.relu(tf.nn.biasAdd(MatMulConvolution.apply(tf, x, w, in, out), bias));
      try (Session s = new Session(g, SessionConfig.cpu());
          TFloat32 input = TFloat32.tensorOf(Shape.of(1, height, width, in), DataBuffers.of(image))) {
        // A small convolution takes well under a millisecond, where one run is mostly noise: each
        // sample repeats it for at least MIN_SAMPLE_SECONDS.
        time(s, x, input, direct, 1);
        time(s, x, input, products, 1);
        long once = Math.max(1, Math.min(time(s, x, input, direct, 1), time(s, x, input, products, 1)));
        int repeats = (int) Math.max(1, Math.ceil(MIN_SAMPLE_SECONDS * 1e9 / once));
        double bestDirect = Double.MAX_VALUE;
        double bestProducts = Double.MAX_VALUE;
        for (int run = 0; run < TIMED_RUNS; run++) {
          bestDirect = Math.min(bestDirect, time(s, x, input, direct, repeats) / (double) repeats);
          bestProducts = Math.min(bestProducts, time(s, x, input, products, repeats) / (double) repeats);
        }
        return new Measurement(bestDirect / 1e9, bestProducts / 1e9,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      }
    }
  }

  /** Nanoseconds of {@code repeats} runs. */
  private static long time(Session s, Operand<TFloat32> x, TFloat32 input, Operand<TFloat32> output, int repeats) {
    long start = System.nanoTime();
    for (int i = 0; i < repeats; i++) {
      try (Result r = s.runner().feed(x, input).fetch(output).run()) {
        // only the time counts
      }
    }
    return System.nanoTime() - start;
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.4f", s);
  }
}
