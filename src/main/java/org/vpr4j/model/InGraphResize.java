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
 * centres at i + 0.5, result rounded and clamped to 8 bits. Used by exported SavedModels, so
 * serving clients can send images as they come.
 */
public final class InGraphResize {
  private InGraphResize() {}

  public static Operand<TUint8> apply(Ops tf, Operand<TUint8> images, int height, int width) {
    Operand<TFloat32> x = tf.dtypes.cast(images, TFloat32.class);
    Operand<TInt32> inSize = tf.gather(tf.shape(images), tf.constant(new int[] {1, 2}), tf.constant(0));
    Operand<TFloat32> scale = tf.math.div(tf.constant(new float[] {height, width}),
        tf.dtypes.cast(inSize, TFloat32.class));
    Operand<TFloat32> resized = tf.image.scaleAndTranslate(x, tf.constant(new int[] {height, width}), scale,
        tf.constant(new float[] {0f, 0f}), ScaleAndTranslate.kernelType("keyscubic"),
        ScaleAndTranslate.antialias(true));
    Operand<TFloat32> clamped = tf.clipByValue(tf.math.round(resized), tf.constant(0f), tf.constant(255f));
    return tf.dtypes.cast(clamped, TUint8.class);
  }
}
