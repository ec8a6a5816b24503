package org.vpr4j.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * A ranking loss over triplets (query, positive, one negative), each given as a row of
 * descriptors (docs/training.md). {@link TripletLosses} picks one by {@code training.loss} and
 * averages it over the batch.
 */
interface TripletLoss {

  /** Per-triplet loss values and the three distances of each triplet. */
  record Terms(Operand<TFloat32> perTriplet, Operand<TFloat32> qp, Operand<TFloat32> qn, Operand<TFloat32> pn) {}

  /** The loss of every triplet, rows of {@code q}, {@code p} and {@code n} taken together. */
  Terms terms(Ops tf, Operand<TFloat32> q, Operand<TFloat32> p, Operand<TFloat32> n);

  /**
   * Euclidean distance per row, ||a - b + eps||. The square root's argument is floored at 1e-24
   * so that two identical descriptors give a zero gradient instead of NaN; any distance above
   * 1e-12 is unchanged.
   */
  static Operand<TFloat32> distance(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, float eps) {
    Operand<TFloat32> diff = tf.math.sub(a, b);
    if (eps != 0f) {
      diff = tf.math.add(diff, tf.constant(eps));
    }
    Operand<TFloat32> sq = tf.reduceSum(tf.math.square(diff), tf.constant(1), ReduceSum.keepDims(false));
    return tf.math.sqrt(tf.math.maximum(sq, tf.constant(1e-24f)));
  }
}
