package org.vpr4j.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.vpr4j.config.TrainConfig;

/**
 * The batch loss of a training step (docs/training.md): the {@link TripletLoss} that
 * {@code training.loss} names ({@link TripletMarginLoss} or {@link SharpenedTripletMarginLoss}),
 * over triplets given as indices into a batch of descriptors. Each triplet is (query, positive,
 * one negative); the batch loss is the sum over triplets divided by their number (the reference
 * evaluates one triplet at a time, then divides by the number of negatives in the batch).
 */
public final class TripletLosses {

  /** The batch loss and the distance statistics worth logging. */
  public record Loss(Operand<TFloat32> value, Operand<TFloat32> meanQp, Operand<TFloat32> meanQn,
      Operand<TFloat32> meanPn) {}

  private TripletLosses() {}

  /** The loss {@code config.loss()} names. */
  static TripletLoss of(TrainConfig config) {
    return switch (config.loss()) {
      case TRIPLET -> new TripletMarginLoss(config.margin());
      case STML -> new SharpenedTripletMarginLoss(config.margin(), config.stmlPnMargin(), config.stmlVersion());
    };
  }

  public static Loss build(Ops tf, Operand<TFloat32> descriptors, Operand<TInt32> q, Operand<TInt32> p,
      Operand<TInt32> n, TrainConfig config) {
    Operand<TInt32> axis = tf.constant(0);
    TripletLoss.Terms t = of(config).terms(tf, tf.gather(descriptors, q, axis), tf.gather(descriptors, p, axis),
        tf.gather(descriptors, n, axis));
    Operand<TInt32> all = tf.constant(0);
    return new Loss(tf.math.mean(t.perTriplet(), all), tf.math.mean(t.qp(), all), tf.math.mean(t.qn(), all),
        tf.math.mean(t.pn(), all));
  }
}
