package org.vpr4j.eval;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/** Graph ops for squared Euclidean distances between two sets of row vectors. */
public final class SquaredDistanceOps {
  private SquaredDistanceOps() {}

  /**
   * Squared L2 distances {@code [n, m]} between the rows of {@code a [n, d]} and {@code b [m, d]},
   * expanded as {@code |a|^2 - 2 a.b + |b|^2} so that the bulk of the work is one matmul (as faiss
   * IndexFlatL2 does). Rounding can make entries slightly negative; callers clamp where it matters.
   */
  public static Operand<TFloat32> pairwise(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    Operand<TFloat32> aa = tf.sum(tf.math.square(a), tf.constant(1), Sum.keepDims(true)); // [n, 1]
    Operand<TFloat32> bb = tf.sum(tf.math.square(b), tf.constant(1)); // [m], broadcast over rows
    Operand<TFloat32> ab = tf.linalg.matMul(a, b, MatMul.transposeB(true)); // [n, m]
    return tf.math.add(tf.math.sub(aa, tf.math.mul(tf.constant(2f), ab)), bb);
  }
}
