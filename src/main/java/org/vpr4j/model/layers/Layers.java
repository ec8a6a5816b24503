package org.vpr4j.model.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;
import org.vpr4j.config.Padding;

/**
 * Building blocks that add TensorFlow ops (NHWC) with parameters named after PyTorch keys.
 * Shapes in TF layout: conv weights HWIO, linear weights [in, out].
 */
public final class Layers {
  /** Inputs thinner than this stay Conv2D: their products would be too narrow to pay for the extra copies. */
  static final int MIN_LOWERED_INPUT_CHANNELS = 16;

  private final Ops tf;
  private final Params params;
  private final boolean evenInputChannels;
  private final ConvPlan convPlan;
  private final Map<String, ConvForm> loweredConvolutions = new LinkedHashMap<>();

  /** Layers for a float32 network with TensorFlow's Conv2D. */
  public Layers(Ops tf, Params params) {
    this(tf, params, false, ConvPlan.CONV2D);
  }

  /**
   * Layers for a network; {@code evenInputChannels} is for one whose session computes in bf16:
   * every convolution then gets an even number of input channels (a zero channel is added to an
   * odd count): oneDNN 3.5's bfloat16 convolutions below AMX ({@code brg_conv_fwd:avx512_core_bf16},
   * {@code jit_bf16:avx512_core}) compute wrong results for an odd input channel count, such as
   * VGG16's RGB input (measured in docs/benchmarks.md, "bf16 without AMX"). {@code convPlan}
   * picks the {@link ConvForm} of each 3x3 convolution.
   */
  public Layers(Ops tf, Params params, boolean evenInputChannels, ConvPlan convPlan) {
    this.tf = tf;
    this.params = params;
    this.evenInputChannels = evenInputChannels;
    this.convPlan = convPlan;
  }

  public Ops tf() {
    return tf;
  }

  public Params params() {
    return params;
  }

  /**
   * A stride-1 convolution with PyTorch semantics: {@code pad} pixels on each side (zeros or
   * reflection), optional dilation, optional bias. Weights are initialised as {@code init}.
   */
  public Operand<TFloat32> conv(String key, Operand<TFloat32> x, int in, int out, int kernel, int pad,
      Padding padding, int dilation, boolean bias, ParamInit init) {
    var stored = params.weight(key + ".weight", new long[] {kernel, kernel, in, out}, init);
    Operand<TFloat32> w = dilation == 1 ? stored : dilatedKernel(stored, kernel, in, out, dilation);
    Operand<TFloat32> input = x;
    String tfPadding;
    boolean sameEquivalent = pad * 2 == dilation * (kernel - 1);
    if (pad == 0) {
      tfPadding = "VALID";
    } else if (padding == Padding.REFLECT) {
      input = tf.mirrorPad(x, paddings(pad), "REFLECT");
      tfPadding = "VALID";
    } else if (sameEquivalent) {
      tfPadding = "SAME";
    } else {
      input = tf.pad(x, paddings(pad), tf.constant(0f));
      tfPadding = "VALID";
    }
    Operand<TFloat32> weight = w;
    if (evenInputChannels && in % 2 == 1) {
      // A zero input channel with zero weights adds exactly nothing to each output.
      input = tf.pad(input, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 1}}), tf.constant(0f));
      weight = tf.pad(w, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 1}, {0, 0}}), tf.constant(0f));
    }
    ConvForm form = form(x, in, out, kernel, pad, padding, dilation);
    Operand<TFloat32> y;
    if (form == ConvForm.CONV2D) {
      y = tf.nn.conv2d(input, weight, List.of(1L, 1L, 1L, 1L), tfPadding);
    } else {
      y = form.apply(tf, x, w, in, out);
      loweredConvolutions.put(key, form);
    }
    if (bias) {
      var b = params.weight(key + ".bias", new long[] {out}, ParamInit.torchDefault(in * kernel * kernel));
      y = tf.nn.biasAdd(y, b);
    }
    return y;
  }

  /**
   * A 3x3 same-size zero-padded convolution whose height, width and channels are known when the
   * graph is built goes by the plan; a thin input (VGG16's RGB) stays Conv2D.
   */
  private ConvForm form(Operand<TFloat32> x, int in, int out, int kernel, int pad, Padding padding, int dilation) {
    Shape s = x.shape();
    boolean staticShape = s.numDimensions() == 4 && s.size(1) > 0 && s.size(2) > 0 && s.size(3) > 0;
    boolean lowerable = kernel == 3 && pad == 1 && dilation == 1 && padding == Padding.ZEROS
        && in >= MIN_LOWERED_INPUT_CHANNELS && staticShape;
    return lowerable ? convPlan.form(s.size(1), s.size(2), in, out) : ConvForm.CONV2D;
  }

  /** The convolutions built so far in another form than Conv2D, by parameter key, in order. */
  public Map<String, ConvForm> loweredConvolutions() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(loweredConvolutions));
  }

  /**
   * A k x k kernel spread to (k-1)d+1 x (k-1)d+1 with zeros between its taps: a plain convolution
   * with it is the dilated convolution. TensorFlow's C++ gradient of Conv2D ignores the
   * {@code dilations} attribute (it differentiates as if the dilation were 1), so a dilated Conv2D
   * trains wrongly under {@code Graph.addGradients}; pad, reshape and slice differentiate exactly.
   * The zero taps add exact zeros, so the forward values are those of the dilated convolution.
   */
  private Operand<TFloat32> dilatedKernel(Operand<TFloat32> w, int kernel, int in, int out, int dilation) {
    int spread = (kernel - 1) * dilation + 1;
    Operand<TFloat32> taps = tf.reshape(w, tf.constant(new long[] {kernel, 1, kernel, 1, in, out}));
    Operand<TFloat32> gaps = tf.pad(taps, tf.constant(new int[][] {{0, 0}, {0, dilation - 1}, {0, 0},
        {0, dilation - 1}, {0, 0}, {0, 0}}), tf.constant(0f));
    Operand<TFloat32> grid = tf.reshape(gaps, tf.constant(new long[] {kernel * dilation, kernel * dilation, in, out}));
    return tf.slice(grid, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {spread, spread, in, out}));
  }

  /** Convolution with PyTorch's default initialisation. */
  public Operand<TFloat32> conv(String key, Operand<TFloat32> x, int in, int out, int kernel, int pad,
      Padding padding, int dilation, boolean bias) {
    return conv(key, x, in, out, kernel, pad, padding, dilation, bias, ParamInit.torchDefault(in * kernel * kernel));
  }

  /**
   * Batch norm over the last axis with PyTorch's semantics: eps, momentum for the running
   * statistics (PyTorch's momentum = TF's exponential average factor), batch statistics in
   * training mode. Works on [B, C] and [B, H, W, C].
   */
  public Operand<TFloat32> batchNorm(String key, Operand<TFloat32> x, int channels, float momentum, Mode mode) {
    long[] shape = {channels};
    var gamma = params.weight(key + ".weight", shape, new ParamInit.Constant(1f));
    var beta = params.weight(key + ".bias", shape, new ParamInit.Constant(0f));
    var mean = params.state(key + ".running_mean", shape, new ParamInit.Constant(0f));
    var var = params.state(key + ".running_var", shape, new ParamInit.Constant(1f));
    boolean flat = x.shape().numDimensions() == 2;
    Operand<TFloat32> in = flat ? tf.reshape(x, tf.constant(new long[] {-1, 1, 1, channels})) : x;
    Operand<TFloat32> y;
    if (mode.isTraining()) {
      FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(in, gamma, beta, mean, var,
          FusedBatchNorm.epsilon(1e-5f), FusedBatchNorm.isTraining(true),
          FusedBatchNorm.exponentialAvgFactor(momentum));
      // With an exponential average factor the batch outputs are the updated running statistics.
      mode.addUpdate(tf.assign(mean, bn.batchMean()));
      mode.addUpdate(tf.assign(var, bn.batchVariance()));
      y = bn.y();
    } else {
      y = tf.nn.fusedBatchNorm(in, gamma, beta, mean, var, FusedBatchNorm.epsilon(1e-5f),
          FusedBatchNorm.isTraining(false)).y();
    }
    return flat ? tf.reshape(y, tf.constant(new long[] {-1, channels})) : y;
  }

  /** A fully connected layer y = x W (+ b); W stored [in, out]. */
  public Operand<TFloat32> dense(String key, Operand<TFloat32> x, int in, int out, boolean bias) {
    var w = params.weight(key + ".weight", new long[] {in, out}, ParamInit.torchDefault(in));
    Operand<TFloat32> y = tf.linalg.matMul(x, w);
    if (bias) {
      var b = params.weight(key + ".bias", new long[] {out}, ParamInit.torchDefault(in));
      y = tf.nn.biasAdd(y, b);
    }
    return y;
  }

  /** x / max(||x||, 1e-12) along {@code axis}, as {@code F.normalize}. */
  public <T extends TFloating> Operand<T> l2Normalize(Operand<T> x, int axis) {
    Operand<T> sumSq = tf.reduceSum(tf.math.square(x), tf.constant(axis), ReduceSum.keepDims(true));
    Operand<T> eps = tf.dtypes.cast(tf.constant(1e-24f), x.type());
    return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(sumSq, eps)));
  }

  private Operand<org.tensorflow.types.TInt32> paddings(int pad) {
    return tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}});
  }
}
