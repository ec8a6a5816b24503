package org.vpr4j.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * PyTorch's {@code TripletMarginLoss} (p = 2): max(0, ||q - p + eps|| - ||q - n + eps|| + margin)
 * per triplet, with PyTorch's eps inside every distance ({@code training.loss=triplet}).
 */
final class TripletMarginLoss implements TripletLoss {
  /** PyTorch's pairwise_distance adds eps to the difference before the norm. */
  static final float TORCH_PAIRWISE_EPS = 1e-6f;

  private final float margin;

  TripletMarginLoss(double margin) {
    this.margin = (float) margin;
  }

  @Override
  public Terms terms(Ops tf, Operand<TFloat32> q, Operand<TFloat32> p, Operand<TFloat32> n) {
    Operand<TFloat32> qp = TripletLoss.distance(tf, q, p, TORCH_PAIRWISE_EPS);
    Operand<TFloat32> qn = TripletLoss.distance(tf, q, n, TORCH_PAIRWISE_EPS);
    Operand<TFloat32> pn = TripletLoss.distance(tf, p, n, TORCH_PAIRWISE_EPS);
    Operand<TFloat32> perTriplet = tf.nn.relu(tf.math.add(tf.math.sub(qp, qn), tf.constant(margin)));
    return new Terms(perTriplet, qp, qn, pn);
  }
}
