package org.vpr4j.model.attention;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Attention;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;
import org.vpr4j.model.layers.ParamInit;

/**
 * Efficient channel attention, {@code ch_eca_attention} (docs/attention.md): the global average pool is
 * filtered along the channel axis by a bias-free 1-D convolution of odd size k (zero padding
 * (k-1)/2), then a sigmoid scales each channel.
 *
 * <p>The weight {@code ch_eca_attention.conv.weight} keeps PyTorch's shape [out=1, in=1, k]: with
 * one input and one output channel every layout holds the same numbers, and the project's
 * {@code TorchLayout} leaves 1-D conv kernels as they are.
 */
public final class EcaAttention extends AttentionModule {
  public static final String PREFIX = "ch_eca_attention";
  public static final String WEIGHT = PREFIX + ".conv.weight";
  /** The reference's {@code ch_eca_attention_k_size} default. */
  public static final int DEFAULT_KERNEL = 3;

  private final int kernel;

  public EcaAttention(int kernel) {
    super(Attention.ECA);
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("ECA kernel size must be odd, got " + kernel);
    }
    this.kernel = kernel;
  }

  @Override
  public AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode) {
    Ops tf = layers.tf();
    int channels = FeatureMaps.size(x)[2];
    var w = layers.params().weight(WEIGHT, new long[] {1, 1, kernel}, ParamInit.torchDefault(kernel));
    // The channel axis becomes the width of a one-row, one-channel image, so the 1-D conv is a
    // 1 x k conv2d; SAME padding of an odd kernel pads (k-1)/2 zeros on each side, as PyTorch.
    Operand<TFloat32> row = tf.reshape(FeatureMaps.globalAverage(tf, x), tf.constant(new long[] {-1, 1, channels, 1}));
    Operand<TFloat32> filter = tf.reshape(w, tf.constant(new long[] {1, kernel, 1, 1}));
    Operand<TFloat32> filtered = tf.nn.conv2d(row, filter, List.of(1L, 1L, 1L, 1L), "SAME");
    Operand<TFloat32> weights = tf.math.sigmoid(tf.reshape(filtered, tf.constant(new long[] {-1, channels})));
    return AttentionOutput.of(tf.math.mul(x, FeatureMaps.perChannel(tf, weights, channels)));
  }
}
