package org.vpr4j.model;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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
import org.vpr4j.model.layers.ConvForm;
import org.vpr4j.model.layers.ConvPlan;

/**
 * The {@link ConvPlan} chosen by timing, like {@code --engine auto}: the first time a convolution
 * shape is built on this machine, one image's convolution (with bias and ReLU, as in the model)
 * is timed in each {@link ConvForm}, and the fastest other form is kept only when it takes at most
 * {@value #REQUIRED_RATIO} of Conv2D's time. A shape of less than {@value #MIN_TIMED_FLOP} floating
 * point operations keeps Conv2D untimed: it lasts about a millisecond, so a form could gain
 * microseconds at most, and a timing that short is decided by the machine's state rather than by
 * the form (two fresh caches disagreed on the quick start's smallest shape). Decisions are
 * recorded in {@code convolutions.properties} in the {@link CacheFolder}, keyed by the CPU model,
 * the number of cores, the TensorFlow version and the shape; an unreadable or unwritable file
 * costs a new measurement, never a failure.
 */
public final class MeasuredConvPlan implements ConvPlan {
  private static final Logger LOG = LogManager.getLogger(MeasuredConvPlan.class);
  private static final String FILE = "convolutions.properties";
  /** Conv2D is the standard form: another must be clearly faster, not faster within the noise. */
  static final double REQUIRED_RATIO = 0.9;
  /** Below this work (2 · 9 · height · width · in · out), Conv2D without timing. */
  static final double MIN_TIMED_FLOP = 5e8;
  private static final int TIMED_RUNS = 3;
  static final double MIN_SAMPLE_SECONDS = 0.05;
  private static final Map<Path, MeasuredConvPlan> SHARED = new ConcurrentHashMap<>();

  /** Seconds of one image's convolution in each form, and when they were measured. */
  public record Measurement(double conv2dSeconds, double matMulSeconds, double winogradSeconds, String measuredAt) {
    /** The faster of the other forms where it takes at most {@value #REQUIRED_RATIO} of Conv2D's time, else Conv2D. */
    public ConvForm choice() {
      ConvForm other = winogradSeconds < matMulSeconds ? ConvForm.WINOGRAD : ConvForm.MATMUL;
      double otherSeconds = Math.min(winogradSeconds, matMulSeconds);
      return otherSeconds <= REQUIRED_RATIO * conv2dSeconds ? other : ConvForm.CONV2D;
    }

    String encode() {
      return String.format(Locale.ROOT, "%s %.6f %.6f %.6f %s", choice().label(), conv2dSeconds, matMulSeconds,
          winogradSeconds, measuredAt);
    }

    /** A recorded line; one of another layout (such as an older version's, without Winograd) is empty. */
    static Optional<Measurement> decode(String value) {
      String[] f = value.trim().split(" ");
      try {
        return f.length == 5 ? Optional.of(new Measurement(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
            Double.parseDouble(f[3]), f[4])) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  private final CacheFile file;
  private final double minTimedFlop;
  private final Map<String, ConvForm> decided = new ConcurrentHashMap<>();

  MeasuredConvPlan(Path folder) {
    this(folder, MIN_TIMED_FLOP);
  }

  /** A plan that times shapes of at least {@code minTimedFlop} operations (tests time tiny shapes). */
  MeasuredConvPlan(Path folder, double minTimedFlop) {
    this.file = new CacheFile(folder.resolve(FILE), "vpr4j: per convolution shape (height x width x in - out),"
        + " the fastest form, then Conv2D, matrix-product and Winograd seconds for one image, and when");
    this.minTimedFlop = minTimedFlop;
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
  public ConvForm form(long height, long width, int in, int out) {
    if (2.0 * 9 * height * width * in * out < minTimedFlop) {
      return ConvForm.CONV2D;
    }
    String shape = height + "x" + width + "x" + in + "-" + out;
    return decided.computeIfAbsent(shape, s -> decide(s, height, width, in, out));
  }

  /** The cache key of a shape on this machine. */
  static String key(String shape) {
    return CpuFeatures.current().model().replace(' ', '_') + "|" + Runtime.getRuntime().availableProcessors()
        + "|tf" + TensorFlow.version() + "|" + shape;
  }

  private synchronized ConvForm decide(String shape, long height, long width, int in, int out) {
    String key = key(shape);
    Optional<Measurement> recorded = file.get(key).flatMap(Measurement::decode);
    if (recorded.isPresent()) {
      return recorded.get().choice();
    }
    LOG.info("convolution {}: timing Conv2D, matrix products and Winograd tiles on one image (once for this machine)",
        shape);
    Measurement m = measure(height, width, in, out);
    LOG.info("convolution {}: {} (Conv2D {} s, matrix products {} s, Winograd {} s; recorded in {})", shape,
        m.choice().label(), seconds(m.conv2dSeconds()), seconds(m.matMulSeconds()), seconds(m.winogradSeconds()),
        file.path());
    file.put(key, m.encode(), null);
    return m.choice();
  }

  /**
   * Times the three forms, in turn, after one untimed run each (which creates the kernels): the
   * best of {@value #TIMED_RUNS} samples each, each sample at least {@value #MIN_SAMPLE_SECONDS} s
   * of runs.
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
      // In ConvForm's order: Conv2D, matrix products, Winograd.
      List<Operand<TFloat32>> outputs = Arrays.stream(ConvForm.values())
          .map(f -> (Operand<TFloat32>) tf.nn.relu(tf.nn.biasAdd(f.apply(tf, x, w, in, out), bias))).toList();
      try (Session s = new Session(g, SessionConfig.inference());
          TFloat32 input = TFloat32.tensorOf(Shape.of(1, height, width, in), DataBuffers.of(image))) {
        long once = Long.MAX_VALUE;
        for (Operand<TFloat32> output : outputs) {
          time(s, x, input, output, 1);
          once = Math.min(once, Math.max(1, time(s, x, input, output, 1)));
        }
        int repeats = (int) Math.max(1, Math.ceil(MIN_SAMPLE_SECONDS * 1e9 / once));
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int run = 0; run < TIMED_RUNS; run++) {
          for (int f = 0; f < outputs.size(); f++) {
            best[f] = Math.min(best[f], time(s, x, input, outputs.get(f), repeats) / (double) repeats);
          }
        }
        return new Measurement(best[0] / 1e9, best[1] / 1e9, best[2] / 1e9,
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
