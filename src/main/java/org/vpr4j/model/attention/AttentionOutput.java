package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What an attention module returns: the new features [B, H, W, C] and, for the mask-head
 * modules (CRN, de-attention), the spatial mask [B, H, W, 1] in (0, 1); otherwise {@code null}.
 */
public record AttentionOutput(Operand<TFloat32> features, Operand<TFloat32> mask) {

  /** Features only, for modules without a spatial mask. */
  public static AttentionOutput of(Operand<TFloat32> features) {
    return new AttentionOutput(features, null);
  }
}
