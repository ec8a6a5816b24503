package org.vpr4j.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The de-attention mask loss (docs/guidance.md): {@code w * MSE(mask, target)}, the mean of the squared
 * differences over every element of every image of the batch (queries, positives and negatives
 * alike), as PyTorch's {@code MSELoss(reduction='mean')}.
 */
public final class MaskLoss {
  private MaskLoss() {}

  /**
   * @param mask the de-attention mask [T, h, w, 1] (sigmoid output)
   * @param target the targets of the same shape
   * @param weight w, 0.1 in the paper's runs
   */
  public static Operand<TFloat32> build(Ops tf, Operand<TFloat32> mask, Operand<TFloat32> target, double weight) {
    Operand<TFloat32> squared = tf.math.squaredDifference(mask, target);
    Operand<TFloat32> mean = tf.math.mean(tf.reshape(squared, tf.constant(new long[] {-1})), tf.constant(0));
    return tf.math.mul(tf.constant((float) weight), mean);
  }
}
