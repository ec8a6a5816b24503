package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Padding;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * The paper's de-attention module, {@code deattention} (docs/attention.md): the {@link MaskHead} of CRN
 * computed on L2-normalised features, applied to the <em>raw</em> features. Version 1:
 * {@code x * mask}; version 2: {@code x + x * mask}; version 3: as version 1 (the reference's
 * version 3 only widens the 7x7 branch, see {@link MaskBranches#PAPER_VERSION_3}). The padding of the three branch convs is the reference option
 * {@code deatt_padding_mode} (the paper's scripts use reflect).
 */
public final class DeAttention extends AttentionModule {
  public static final String PREFIX = "deattention";

  private final int version;
  private final MaskHead head;

  public DeAttention(int channels, int version, Padding padding, MaskBranches branches) {
    super(Attention.DEATTENTION);
    if (version < 1 || version > 3) {
      throw new IllegalArgumentException("de-attention version must be 1, 2 or 3, got " + version);
    }
    this.version = version;
    this.head = new MaskHead(PREFIX, channels, branches, padding);
  }

  @Override
  public void checkFeatureSize(int height, int width) {
    head.checkFeatureSize(name(), height, width);
  }

  @Override
  public AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode) {
    Ops tf = layers.tf();
    int[] size = FeatureMaps.size(x);
    checkFeatureSize(size[0], size[1]);
    Operand<TFloat32> mask = head.mask(layers, layers.l2Normalize(x, -1), mode);
    Operand<TFloat32> masked = tf.math.mul(x, mask);
    return new AttentionOutput(version == 2 ? tf.math.add(x, masked) : masked, mask);
  }
}
