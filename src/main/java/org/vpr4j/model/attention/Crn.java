package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Padding;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * The reference's CRN attention, {@code crn_attention} (docs/attention.md): a {@link MaskHead} with
 * reflection padding, returning the <em>L2-normalised</em> features times the mask, and the mask.
 * (NetVLAD normalises every location again, which cancels the mask, docs/model.md.)
 */
public final class Crn extends AttentionModule {
  public static final String PREFIX = "crn_attention";

  private final MaskHead head;

  public Crn(int channels, MaskBranches branches) {
    super(Attention.CRN);
    this.head = new MaskHead(PREFIX, channels, branches, Padding.REFLECT);
  }

  @Override
  public void checkFeatureSize(int height, int width) {
    head.checkFeatureSize(name(), height, width);
  }

  @Override
  public AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode) {
    int[] size = FeatureMaps.size(x);
    checkFeatureSize(size[0], size[1]);
    Operand<TFloat32> normalized = layers.l2Normalize(x, -1);
    Operand<TFloat32> mask = head.mask(layers, normalized, mode);
    return new AttentionOutput(layers.tf().math.mul(normalized, mask), mask);
  }
}
