package org.vpr4j.model.layers;

/**
 * Decides, per convolution shape, the {@link ConvForm} of a 3x3 stride-1 zero-padded convolution
 * with a known height and width. Training graphs always use {@link #CONV2D}.
 */
@FunctionalInterface
public interface ConvPlan {
  /** TensorFlow's Conv2D everywhere (training, and the reference for equality checks). */
  ConvPlan CONV2D = fixed(ConvForm.CONV2D);

  /** Matrix products wherever the shape allows it. */
  ConvPlan MATMUL = fixed(ConvForm.MATMUL);

  /** Winograd's F(2x2, 3x3) wherever the shape allows it. */
  ConvPlan WINOGRAD = fixed(ConvForm.WINOGRAD);

  /** The form of the convolution of a [batch, height, width, in] input to {@code out} channels. */
  ConvForm form(long height, long width, int in, int out);

  /** One form for every shape. */
  static ConvPlan fixed(ConvForm form) {
    return (height, width, in, out) -> form;
  }
}
