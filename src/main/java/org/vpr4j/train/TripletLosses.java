package org.vpr4j.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.vpr4j.config.TrainConfig;

/**
 * The ranking losses of SPEC §5, over triplets given as indices into a batch of descriptors.
 * Each triplet is (query, positive, one negative); the batch loss is the sum over triplets
 * divided by their number (the reference evaluates one triplet at a time, then divides by the
 * number of negatives in the batch).
 */
public final class TripletLosses {

  /** The batch loss and the distance statistics worth logging. */
  public record Loss(Operand<TFloat32> value, Operand<TFloat32> meanQp, Operand<TFloat32> meanQn,
      Operand<TFloat32> meanPn) {}

  /** PyTorch's pairwise_distance adds eps to the difference before the norm. */
  static final float TORCH_PAIRWISE_EPS = 1e-6f;

  private TripletLosses() {}

  public static Loss build(Ops tf, Operand<TFloat32> descriptors, Operand<TInt32> q, Operand<TInt32> p,
      Operand<TInt32> n, TrainConfig config) {
    Operand<TInt32> axis = tf.constant(0);
    Operand<TFloat32> dq = tf.gather(descriptors, q, axis);
    Operand<TFloat32> dp = tf.gather(descriptors, p, axis);
    Operand<TFloat32> dn = tf.gather(descriptors, n, axis);
    Operand<TFloat32> perTriplet;
    Operand<TFloat32> qp;
    Operand<TFloat32> qn;
    Operand<TFloat32> pn;
    if (config.loss().equals("triplet")) {
      qp = distance(tf, dq, dp, TORCH_PAIRWISE_EPS);
      qn = distance(tf, dq, dn, TORCH_PAIRWISE_EPS);
      pn = distance(tf, dp, dn, TORCH_PAIRWISE_EPS);
      perTriplet = tf.nn.relu(tf.math.add(tf.math.sub(qp, qn), tf.constant((float) config.margin())));
    } else {
      qp = distance(tf, dq, dp, 0f);
      qn = distance(tf, dq, dn, 0f);
      pn = distance(tf, dp, dn, 0f);
      Operand<TFloat32> pnTerm = tf.math.sub(tf.constant((float) config.stmlPnMargin()), pn);
      perTriplet = config.stmlVersion() == 1
          ? tf.nn.relu(tf.math.add(tf.math.add(tf.math.sub(qp, qn), tf.constant((float) config.margin())), pnTerm))
          : tf.nn.relu(pnTerm);
    }
    Operand<TInt32> all = tf.constant(0);
    return new Loss(tf.math.mean(perTriplet, all), tf.math.mean(qp, all), tf.math.mean(qn, all),
        tf.math.mean(pn, all));
  }

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
