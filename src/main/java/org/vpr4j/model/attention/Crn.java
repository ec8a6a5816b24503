package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * The reference's CRN attention, {@code crn_attention} (SPEC §3.4): a {@link MaskHead} with
 * reflection padding, returning the <em>L2-normalised</em> features times the mask, and the mask.
 * (NetVLAD normalises every location again, which cancels the mask, SPEC §3.9.)
 */
public final class Crn implements AttentionModule {
  public static final String NAME = "crn";
  public static final String PREFIX = "crn_attention";

  private final MaskHead head;

  public Crn(int channels, MaskBranches branches) {
    this.head = new MaskHead(PREFIX, channels, branches, Layers.Padding.REFLECT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public void checkFeatureSize(int height, int width) {
    head.checkFeatureSize(NAME, height, width);
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
