package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.Padding;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * Bottleneck attention module (docs/attention.md), output {@code (1 + sigmoid(channel * spatial)) * x}.
 * Channel gate: pooled features, Linear C to C/16, BatchNorm1d, ReLU, Linear C/16 to C. Spatial
 * gate: 1x1 conv C to C/16, BN, ReLU, twice a 3x3 conv with dilation 4 and zero padding 4, BN,
 * ReLU, then a 1x1 conv to one channel. Keys under {@code bam_attention.channel_att.gate_c.} and
 * {@code bam_attention.spatial_att.gate_s.}.
 *
 * <p>Pooling of the channel gate: the reference calls {@code avg_pool2d(x, kernel=H, stride=H)},
 * a square H x H window. That yields floor(W / H) windows per row; flattened, they only fit the
 * C-input Linear when there is exactly one, i.e. for {@code H <= W < 2H} (PyTorch fails
 * otherwise). So the reference averages the left H x H block, columns 0..H-1, and ignores the
 * rest: on the paper's 30x40 map, columns 30..39. {@link Pooling#SQUARE} reproduces that and
 * refuses other map sizes; {@link Pooling#GLOBAL} averages the whole map.
 */
public final class Bam extends AttentionModule {
  public static final String PREFIX = "bam_attention";
  private static final String CHANNEL = PREFIX + ".channel_att.gate_c.";
  private static final String SPATIAL = PREFIX + ".spatial_att.gate_s.";
  private static final float BN_MOMENTUM = 0.1f;
  private static final int DILATION = 4;
  private static final int DILATED_CONVS = 2;

  private final int channels;
  private final int hidden;
  private final BamPooling pooling;

  /** {@code hidden} is C/16 in the reference: 32 for VGG16's 512 channels. */
  public Bam(int channels, int hidden, BamPooling pooling) {
    super(Attention.BAM);
    this.channels = channels;
    this.hidden = FeatureMaps.checkHidden(hidden, name());
    this.pooling = pooling;
  }

  @Override
  public void checkFeatureSize(int height, int width) {
    if (pooling == BamPooling.SQUARE && !(height <= width && width < 2 * height)) {
      throw new VprException("BAM's reference channel pooling (a square " + height + "x" + height
          + " window) only works on feature maps with H <= W < 2H, this one is " + height + "x" + width
          + " (HxW); set model.bamPooling to global");
    }
  }

  @Override
  public AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode) {
    Ops tf = layers.tf();
    int[] size = FeatureMaps.size(x);
    checkFeatureSize(size[0], size[1]);
    FeatureMaps.requireChannels(x, channels, name());
    Operand<TFloat32> gate = tf.math.mul(channelGate(layers, x, size[0], mode), spatialGate(layers, x, mode));
    Operand<TFloat32> scale = tf.math.add(tf.constant(1f), tf.math.sigmoid(gate));
    return AttentionOutput.of(tf.math.mul(scale, x));
  }

  /** [B, 1, 1, C]. */
  private Operand<TFloat32> channelGate(Layers layers, Operand<TFloat32> x, int height, Mode mode) {
    Ops tf = layers.tf();
    Operand<TFloat32> pooled = pooling == BamPooling.GLOBAL ? x
        : tf.slice(x, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, height, -1}));
    Operand<TFloat32> y = layers.dense(CHANNEL + "gate_c_fc_0", FeatureMaps.globalAverage(tf, pooled), channels, hidden, true);
    y = tf.nn.relu(layers.batchNorm(CHANNEL + "gate_c_bn_1", y, hidden, BN_MOMENTUM, mode));
    y = layers.dense(CHANNEL + "gate_c_fc_final", y, hidden, channels, true);
    return FeatureMaps.perChannel(tf, y, channels);
  }

  /** [B, H, W, 1]. */
  private Operand<TFloat32> spatialGate(Layers layers, Operand<TFloat32> x, Mode mode) {
    Ops tf = layers.tf();
    Operand<TFloat32> y = layers.conv(SPATIAL + "gate_s_conv_reduce0", x, channels, hidden, 1, 0,
        Padding.ZEROS, 1, true);
    y = tf.nn.relu(layers.batchNorm(SPATIAL + "gate_s_bn_reduce0", y, hidden, BN_MOMENTUM, mode));
    for (int i = 0; i < DILATED_CONVS; i++) {
      y = layers.conv(SPATIAL + "gate_s_conv_di_" + i, y, hidden, hidden, 3, DILATION, Padding.ZEROS,
          DILATION, true);
      y = tf.nn.relu(layers.batchNorm(SPATIAL + "gate_s_bn_di_" + i, y, hidden, BN_MOMENTUM, mode));
    }
    return layers.conv(SPATIAL + "gate_s_conv_final", y, hidden, 1, 1, 0, Padding.ZEROS, 1, true);
  }
}
