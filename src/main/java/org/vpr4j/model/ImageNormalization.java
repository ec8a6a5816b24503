package org.vpr4j.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * ImageNet normalisation inside the graph: uint8 RGB in, (x/255 - mean)/std out, as torchvision's
 * {@code ToTensor} + {@code Normalize}. Images travel as uint8 (four times smaller than float).
 */
public final class ImageNormalization {
  public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  public static final float[] STD = {0.229f, 0.224f, 0.225f};

  private ImageNormalization() {}

  public static Operand<TFloat32> apply(Ops tf, Operand<TUint8> rgb) {
    Operand<TFloat32> x = tf.dtypes.cast(rgb, TFloat32.class);
    float[] scale = new float[3];
    float[] shift = new float[3];
    for (int c = 0; c < 3; c++) {
      scale[c] = 1f / (255f * STD[c]);
      shift[c] = MEAN[c] / STD[c];
    }
    return tf.math.sub(tf.math.mul(x, tf.constant(scale)), tf.constant(shift));
  }
}
