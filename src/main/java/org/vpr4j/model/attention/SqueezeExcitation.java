package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Attention;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * Squeeze-and-excitation (docs/attention.md): global average pool, Linear C to C/16 without bias, ReLU,
 * Linear C/16 to C without bias, sigmoid, and each channel scaled by its weight. Keys
 * {@code senet_attention.fc.0.weight} and {@code senet_attention.fc.2.weight}.
 */
public final class SqueezeExcitation extends AttentionModule {
  public static final String PREFIX = "senet_attention";

  private final int channels;
  private final int hidden;

  /** {@code hidden} is C/16 in the reference: 32 for VGG16's 512 channels. */
  public SqueezeExcitation(int channels, int hidden) {
    super(Attention.SENET);
    this.channels = channels;
    this.hidden = FeatureMaps.checkHidden(hidden, name());
  }

  @Override
  public AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode) {
    Ops tf = layers.tf();
    FeatureMaps.requireChannels(x, channels, name());
    Operand<TFloat32> squeezed = FeatureMaps.globalAverage(tf, x);
    Operand<TFloat32> h = tf.nn.relu(layers.dense(PREFIX + ".fc.0", squeezed, channels, hidden, false));
    Operand<TFloat32> weights = tf.math.sigmoid(layers.dense(PREFIX + ".fc.2", h, hidden, channels, false));
    return AttentionOutput.of(tf.math.mul(x, FeatureMaps.perChannel(tf, weights, channels)));
  }
}
