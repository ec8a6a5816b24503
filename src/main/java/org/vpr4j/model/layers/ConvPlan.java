package org.vpr4j.model.layers;

/**
 * Decides, per convolution shape, whether a 3x3 stride-1 zero-padded convolution is built as
 * {@link MatMulConvolution} (three matrix products) instead of TensorFlow's Conv2D. Both compute
 * the same sums; which is faster depends on the CPU's oneDNN kernels (docs/benchmarks.md,
 * "Convolutions as matrix products"). Training graphs always use Conv2D.
 */
@FunctionalInterface
public interface ConvPlan {
  /** TensorFlow's Conv2D everywhere (training, and the reference for equality checks). */
  ConvPlan CONV2D = (height, width, in, out) -> false;

  /** Matrix products wherever the shape allows it. */
  ConvPlan MATMUL = (height, width, in, out) -> true;

  /** Whether the convolution of a [batch, height, width, in] input to {@code out} channels uses matrix products. */
  boolean asMatMul(long height, long width, int in, int out);
}
