package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Attention;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * The reference's parameter-free {@code ch_attention} (docs/attention.md): each channel scaled by the
 * sigmoid of its own global average.
 */
public final class ChannelAttention extends AttentionModule {
  public static final String PREFIX = "ch_attention";

  public ChannelAttention() {
    super(Attention.CH);
  }

  @Override
  public AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode) {
    Ops tf = layers.tf();
    int channels = FeatureMaps.size(x)[2];
    Operand<TFloat32> weights = tf.math.sigmoid(FeatureMaps.globalAverage(tf, x));
    return AttentionOutput.of(tf.math.mul(x, FeatureMaps.perChannel(tf, weights, channels)));
  }
}
