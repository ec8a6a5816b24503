package org.vpr4j.model.ort;

import static org.vpr4j.model.ort.OnnxGraph.ints;
import static org.vpr4j.model.ort.OnnxGraph.integer;
import static org.vpr4j.model.ort.OnnxGraph.real;
import static org.vpr4j.model.ort.OnnxGraph.string;

import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.config.Padding;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.layers.Layers;

/**
 * The ONNX (NCHW) counterparts of {@link Layers}' building blocks, reading their parameters by
 * the same checkpoint keys from a model's weights in TensorFlow's layout (convolutions HWIO,
 * linear layers [in, out]), which they convert to ONNX's (convolutions OIHW).
 */
final class OnnxLayers {
  /** PyTorch's and the TensorFlow model's batch-norm epsilon. */
  private static final float BN_EPSILON = 1e-5f;
  /** {@link Layers#l2Normalize}'s guard: divide by max(norm, 1e-12), i.e. max(sum of squares, 1e-24). */
  private static final float L2_EPSILON = 1e-24f;

  private final OnnxGraph g;
  private final Map<String, FloatArray> weights;

  OnnxLayers(OnnxGraph g, Map<String, FloatArray> weights) {
    this.g = g;
    this.weights = weights;
  }

  OnnxGraph graph() {
    return g;
  }

  /** The value of parameter {@code key}; its absence is the caller's bug (weights are checked against the model). */
  FloatArray weight(String key) {
    FloatArray w = weights.get(key);
    if (w == null) {
      throw new VprException("the ONNX Runtime engine needs weight '" + key + "', which the model's weights lack");
    }
    return w;
  }

  /** A constant holding parameter {@code key} as it is. */
  String constant(String key) {
    FloatArray w = weight(key);
    return g.floats(key, w.shape(), w.data());
  }

  /**
   * A stride-1 convolution as {@link Layers#conv}: {@code pad} pixels on each side (zeros, or
   * reflection through a Pad node), optional dilation and bias. Returns NCHW.
   */
  String conv(String key, String x, int pad, Padding padding, int dilation, boolean bias) {
    FloatArray hwio = weight(key + ".weight");
    String w = g.floats(key + ".weight", oihwShape(hwio.shape()), hwioToOihw(hwio));
    String input = x;
    long convPad = pad;
    if (pad > 0 && padding == Padding.REFLECT) {
      input = g.node("Pad", List.of(x, g.longs("pads", 0, 0, pad, pad, 0, 0, pad, pad)), string("mode", "reflect"));
      convPad = 0;
    }
    List<String> inputs = bias ? List.of(input, w, constant(key + ".bias")) : List.of(input, w);
    return g.node("Conv", inputs, ints("pads", convPad, convPad, convPad, convPad),
        ints("dilations", dilation, dilation), ints("strides", 1, 1));
  }

  /** Inference batch norm with the running statistics (NCHW, or [N, C]). */
  String batchNorm(String key, String x) {
    return g.node("BatchNormalization", List.of(x, constant(key + ".weight"), constant(key + ".bias"),
        constant(key + ".running_mean"), constant(key + ".running_var")), real("epsilon", BN_EPSILON));
  }

  /** {@code x W (+ b)} on [N, in], W stored [in, out] as in the TensorFlow model. */
  String dense(String key, String x, boolean bias) {
    String y = g.node("MatMul", List.of(x, constant(key + ".weight")));
    return bias ? g.node("Add", List.of(y, constant(key + ".bias"))) : y;
  }

  /** x / max(||x||, 1e-12) along {@code axis}, as {@link Layers#l2Normalize}. */
  String l2Normalize(String x, int axis) {
    String sumSq = g.node("ReduceSumSquare", x, ints("axes", axis), integer("keepdims", 1));
    String guarded = g.node("Max", List.of(sumSq, g.scalar("l2_eps", L2_EPSILON)));
    return mul(x, g.node("Reciprocal", g.node("Sqrt", guarded)));
  }

  /** Mean over H and W of NCHW: [N, C] or, with {@code keep}, [N, C, 1, 1]. */
  String spatialMean(String x, boolean keep) {
    return g.node("ReduceMean", x, ints("axes", 2, 3), integer("keepdims", keep ? 1 : 0));
  }

  /** Maximum over H and W of NCHW: [N, C] or, with {@code keep}, [N, C, 1, 1]. */
  String spatialMax(String x, boolean keep) {
    return g.node("ReduceMax", x, ints("axes", 2, 3), integer("keepdims", keep ? 1 : 0));
  }

  /** [N, C] to [N, C, 1, 1], to scale every location of each channel. */
  String perChannel(String v, int channels) {
    return reshape(v, -1, channels, 1, 1);
  }

  String reshape(String x, long... shape) {
    return g.node("Reshape", List.of(x, g.longs("shape", shape)));
  }

  String relu(String x) {
    return g.node("Relu", x);
  }

  String sigmoid(String x) {
    return g.node("Sigmoid", x);
  }

  String mul(String a, String b) {
    return g.node("Mul", List.of(a, b));
  }

  String add(String a, String b) {
    return g.node("Add", List.of(a, b));
  }

  String sub(String a, String b) {
    return g.node("Sub", List.of(a, b));
  }

  private static long[] oihwShape(long[] hwio) {
    if (hwio.length != 4) {
      throw new IllegalArgumentException("a conv kernel must be HWIO, got " + java.util.Arrays.toString(hwio));
    }
    return new long[] {hwio[3], hwio[2], hwio[0], hwio[1]};
  }

  /** HWIO (TensorFlow) to OIHW (ONNX). */
  static float[] hwioToOihw(FloatArray w) {
    long[] s = w.shape();
    int kh = (int) s[0];
    int kw = (int) s[1];
    int in = (int) s[2];
    int out = (int) s[3];
    float[] src = w.data();
    float[] dst = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < in; i++) {
          int from = ((y * kw + x) * in + i) * out;
          for (int o = 0; o < out; o++) {
            dst[((o * in + i) * kh + y) * kw + x] = src[from + o];
          }
        }
      }
    }
    return dst;
  }
}
