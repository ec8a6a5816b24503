package org.vpr4j.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The paper's sharpened triplet marginal loss, sTML ({@code training.loss=stml}), one hinge that
 * replaces the triplet loss: version 1 is max(0, d(q,p) + margin - d(q,n) + pnMargin - d(p,n)),
 * version 2 max(0, pnMargin - d(p,n)). Its distances have no eps, as in the paper's code.
 */
final class SharpenedTripletMarginLoss implements TripletLoss {
  private final float margin;
  private final float pnMargin;
  private final int version;

  SharpenedTripletMarginLoss(double margin, double pnMargin, int version) {
    this.margin = (float) margin;
    this.pnMargin = (float) pnMargin;
    this.version = version;
  }

  @Override
  public Terms terms(Ops tf, Operand<TFloat32> q, Operand<TFloat32> p, Operand<TFloat32> n) {
    Operand<TFloat32> qp = TripletLoss.distance(tf, q, p, 0f);
    Operand<TFloat32> qn = TripletLoss.distance(tf, q, n, 0f);
    Operand<TFloat32> pn = TripletLoss.distance(tf, p, n, 0f);
    Operand<TFloat32> pnTerm = tf.math.sub(tf.constant(pnMargin), pn);
    Operand<TFloat32> perTriplet = version == 1
        ? tf.nn.relu(tf.math.add(tf.math.add(tf.math.sub(qp, qn), tf.constant(margin)), pnTerm))
        : tf.nn.relu(pnTerm);
    return new Terms(perTriplet, qp, qn, pn);
  }
}
