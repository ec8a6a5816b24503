package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * The reference's parameter-free {@code ch_attention} (SPEC §3.7): each channel scaled by the
 * sigmoid of its own global average.
 */
public final class ChannelAttention implements AttentionModule {
  public static final String NAME = "ch";
  public static final String PREFIX = "ch_attention";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode) {
    Ops tf = layers.tf();
    int channels = FeatureMaps.size(x)[2];
    Operand<TFloat32> weights = tf.math.sigmoid(FeatureMaps.globalAverage(tf, x));
    return AttentionOutput.of(tf.math.mul(x, FeatureMaps.perChannel(tf, weights, channels)));
  }
}
