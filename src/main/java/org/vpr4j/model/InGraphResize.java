package org.vpr4j.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Resizes uint8 NHWC images of any size to the model's input inside the graph, the way Pillow's
 * BICUBIC does: Keys cubic kernel (a = -0.5) widened when downscaling (antialiasing), pixel
 * centres at i + 0.5, horizontal pass first, each pass rounded and clamped to 8 bits (within one
 * grey level of Pillow). Used by exported SavedModels, so
 * serving clients can send images as they come.
 */
public final class InGraphResize {
  private InGraphResize() {}

  public static Operand<TUint8> apply(Ops tf, Operand<TUint8> images, int height, int width) {
    Operand<TFloat32> x = tf.dtypes.cast(images, TFloat32.class);
    Operand<TFloat32> inSize = tf.dtypes.cast(
        tf.gather(tf.shape(images), tf.constant(new int[] {1, 2}), tf.constant(0)), TFloat32.class);
    Operand<TInt32> inHeight = tf.dtypes.cast(tf.gather(inSize, tf.constant(0), tf.constant(0)), TInt32.class);
    // Pillow resamples horizontally first and rounds to 8 bits between the passes; so do we.
    // A pass with scale 1 leaves the other axis untouched (the kernel is 1 at 0, 0 at +-1).
    Operand<TFloat32> sx = tf.math.div(tf.constant((float) width), tf.gather(inSize, tf.constant(1), tf.constant(0)));
    Operand<TFloat32> horizontal = pass(tf, x, tf.stack(java.util.List.of(inHeight, tf.constant(width))),
        tf.stack(java.util.List.of(tf.constant(1f), sx)));
    Operand<TFloat32> sy = tf.math.div(tf.constant((float) height), tf.gather(inSize, tf.constant(0), tf.constant(0)));
    Operand<TFloat32> vertical = pass(tf, horizontal, tf.constant(new int[] {height, width}),
        tf.stack(java.util.List.of(sy, tf.constant(1f))));
    return tf.dtypes.cast(vertical, TUint8.class);
  }

  private static Operand<TFloat32> pass(Ops tf, Operand<TFloat32> x, Operand<TInt32> size, Operand<TFloat32> scale) {
    Operand<TFloat32> y = tf.image.scaleAndTranslate(x, size, scale, tf.constant(new float[] {0f, 0f}),
        ScaleAndTranslate.kernelType("keyscubic"), ScaleAndTranslate.antialias(true));
    return tf.clipByValue(tf.math.round(y), tf.constant(0f), tf.constant(255f));
  }
}
