package org.vpr4j.model.attention;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Padding;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * Convolutional block attention module (docs/attention.md). Channel gate: global average and global max
 * pool each go through one shared MLP (Linear C to C/16, ReLU, Linear C/16 to C), the sum passes
 * a sigmoid and scales the channels. Spatial gate: channel-wise max and mean (in that order), a
 * 7x7 conv without bias, BatchNorm with momentum 0.01 and no ReLU, a sigmoid that scales every
 * location. Keys under {@code cbam_attention.ChannelGate.mlp.} and
 * {@code cbam_attention.SpatialGate.spatial.}.
 */
public final class Cbam extends AttentionModule {
  public static final String PREFIX = "cbam_attention";
  private static final String MLP = PREFIX + ".ChannelGate.mlp.";
  private static final String SPATIAL = PREFIX + ".SpatialGate.spatial.";
  /** The reference's BasicConv uses a BatchNorm momentum of 0.01 here, not the usual 0.1. */
  private static final float SPATIAL_BN_MOMENTUM = 0.01f;
  private static final int SPATIAL_KERNEL = 7;

  private final int channels;
  private final int hidden;

  /** {@code hidden} is C/16 in the reference: 32 for VGG16's 512 channels. */
  public Cbam(int channels, int hidden) {
    super(Attention.CBAM);
    this.channels = channels;
    this.hidden = FeatureMaps.checkHidden(hidden, name());
  }

  @Override
  public AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode) {
    FeatureMaps.requireChannels(x, channels, name());
    return AttentionOutput.of(spatialGate(layers, channelGate(layers, x), mode));
  }

  private Operand<TFloat32> channelGate(Layers layers, Operand<TFloat32> x) {
    Ops tf = layers.tf();
    Operand<TFloat32> avg = FeatureMaps.globalAverage(tf, x);
    Operand<TFloat32> max = tf.reduceMax(x, tf.constant(new int[] {1, 2}));
    Operand<TFloat32> logits = tf.math.add(mlp(layers, avg), mlp(layers, max));
    return tf.math.mul(x, FeatureMaps.perChannel(tf, tf.math.sigmoid(logits), channels));
  }

  /** The shared MLP; the second call reuses the variables of the first. */
  private Operand<TFloat32> mlp(Layers layers, Operand<TFloat32> pooled) {
    Operand<TFloat32> h = layers.tf().nn.relu(layers.dense(MLP + "1", pooled, channels, hidden, true));
    return layers.dense(MLP + "3", h, hidden, channels, true);
  }

  private Operand<TFloat32> spatialGate(Layers layers, Operand<TFloat32> x, Mode mode) {
    Ops tf = layers.tf();
    var channelAxis = tf.constant(3);
    Operand<TFloat32> max = tf.reduceMax(x, channelAxis, ReduceMax.keepDims(true));
    Operand<TFloat32> mean = tf.math.mean(x, channelAxis, Mean.keepDims(true));
    Operand<TFloat32> pooled = tf.concat(List.of(max, mean), tf.constant(3));
    Operand<TFloat32> y = layers.conv(SPATIAL + "conv", pooled, 2, 1, SPATIAL_KERNEL, SPATIAL_KERNEL / 2,
        Padding.ZEROS, 1, false);
    y = layers.batchNorm(SPATIAL + "bn", y, 1, SPATIAL_BN_MOMENTUM, mode);
    return tf.math.mul(x, tf.math.sigmoid(y));
  }
}
