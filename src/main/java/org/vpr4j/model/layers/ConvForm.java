package org.vpr4j.model.layers;

import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How a 3x3, stride-1, zero-padded convolution is computed in an inference graph. All three give
 * the same sums up to float32 rounding; which is fastest depends on the CPU's oneDNN kernels and
 * on the shape (docs/benchmarks.md, "Convolutions as matrix products" and "Winograd convolutions").
 */
public enum ConvForm {
  /** TensorFlow's Conv2D (oneDNN's convolution). */
  CONV2D,
  /** Three matrix products over shifted views of the image ({@link MatMulConvolution}). */
  MATMUL,
  /** Winograd's F(2x2, 3x3): 16 matrix products with 2.25x less work ({@link WinogradConvolution}). */
  WINOGRAD;

  /**
   * The 3x3, stride-1, zero-padded ("SAME") convolution of {@code x} (NHWC; static height, width
   * and channels for the lowered forms) by the HWIO kernel {@code weight}, without bias, in this form.
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> weight, int in, int out) {
    return switch (this) {
      case CONV2D -> tf.nn.conv2d(x, weight, List.of(1L, 1L, 1L, 1L), "SAME");
      case MATMUL -> MatMulConvolution.apply(tf, x, weight, in, out);
      case WINOGRAD -> WinogradConvolution.apply(tf, x, weight, in, out);
    };
  }

  /** The name used in {@code $VPR4J_TF_CONV}, the plan's cache and {@code vpr4j-export.json}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
