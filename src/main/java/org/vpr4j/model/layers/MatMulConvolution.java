package org.vpr4j.model.layers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A 3x3, stride-1, zero-padded convolution written as three matrix products, for inference graphs
 * on CPUs where oneDNN's convolution kernels are much slower than its matrix product (measured in
 * docs/benchmarks.md, "Convolutions as matrix products").
 *
 * <p>The padded batch is flattened to rows of pixels, {@code (H + 3) x (W + 2)} rows per image (one
 * zero row above, two below, one zero column each side). In that layout the tap {@code (dy, dx)}
 * of output pixel {@code i} is input row {@code i + dy * (W + 2) + dx}. The three {@code dx} taps
 * are placed side by side once (rows of {@code 3 * in} values); each {@code dy} is then a view of
 * those rows shifted by whole image rows, multiplied by the kernel's row {@code dy}
 * ({@code [3 * in, out]}). The sum, cut back to {@code H x W} per image, is the convolution; the
 * extra zero row at the bottom keeps every shifted view inside the batch. Only the order of the
 * additions differs from a direct convolution.
 */
public final class MatMulConvolution {
  private MatMulConvolution() {}

  /**
   * @param x NHWC input with static height, width and {@code in} channels (any batch size)
   * @param weight HWIO kernel [3, 3, in, out]
   * @return the convolution, NHWC [batch, height, width, out], without bias
   */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> weight, int in, int out) {
    long height = x.shape().size(1);
    long width = x.shape().size(2);
    long rowLength = width + 2;
    Operand<TFloat32> padded = tf.pad(x, tf.constant(new long[][] {{0, 0}, {1, 2}, {1, 1}, {0, 0}}), tf.constant(0f));
    Operand<TFloat32> rows = tf.reshape(padded, tf.constant(new long[] {-1, in}));
    Operand<TInt64> total = tf.slice(tf.shape(rows, TInt64.class), tf.constant(new long[] {0}), tf.constant(new long[] {1}));

    // Rows of [tap dx=0 | dx=1 | dx=2]; the last image row is never read through them.
    Operand<TInt64> sideBySideRows = tf.math.sub(total, tf.constant(new long[] {rowLength}));
    List<Operand<TFloat32>> taps = new ArrayList<>(3);
    for (long dx = 0; dx < 3; dx++) {
      taps.add(tf.slice(rows, tf.constant(new long[] {dx, 0}), tf.concat(List.of(sideBySideRows, tf.constant(new long[] {in})), tf.constant(0))));
    }
    Operand<TFloat32> sideBySide = tf.concat(taps, tf.constant(1));

    // Output rows: every pixel row of the batch but the last image's three padding rows.
    Operand<TInt64> outputRows = tf.math.sub(total, tf.constant(new long[] {3 * rowLength}));
    Operand<TInt64> viewSize = tf.concat(List.of(outputRows, tf.constant(new long[] {3L * in})), tf.constant(0));
    Operand<TFloat32> kernelRows = tf.reshape(weight, tf.constant(new long[] {3, 3L * in, out}));
    List<Operand<TFloat32>> products = new ArrayList<>(3);
    for (long dy = 0; dy < 3; dy++) {
      Operand<TFloat32> view = tf.slice(sideBySide, tf.constant(new long[] {dy * rowLength, 0}), viewSize);
      Operand<TFloat32> kernelRow = tf.reshape(
          tf.slice(kernelRows, tf.constant(new long[] {dy, 0, 0}), tf.constant(new long[] {1, 3L * in, out})),
          tf.constant(new long[] {3L * in, out}));
      products.add(tf.linalg.matMul(view, kernelRow));
    }
    Operand<TFloat32> sum = tf.math.addN(products);

    Operand<TFloat32> whole = tf.pad(sum, tf.constant(new long[][] {{0, 3 * rowLength}, {0, 0}}), tf.constant(0f));
    Operand<TFloat32> images = tf.reshape(whole, tf.constant(new long[] {-1, height + 3, rowLength, out}));
    return tf.slice(images, tf.constant(new long[] {0, 0, 0, 0}), tf.constant(new long[] {-1, height, width, out}));
  }
}
