package org.vpr4j.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Pooling;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.ParamInit;

/**
 * The simple poolings of the reference code: global max, average or GeM over H and W, then L2
 * normalisation. GeM has one learned exponent {@code pool.p} (initially 3, eps 1e-6).
 */
public final class GlobalPooling {
  public static final String GEM_P = "pool.p";

  private final Pooling kind;

  public GlobalPooling(Pooling kind) {
    this.kind = kind;
  }

  public Operand<TFloat32> apply(Layers layers, Operand<TFloat32> features) {
    Ops tf = layers.tf();
    var axes = tf.constant(new int[] {1, 2});
    Operand<TFloat32> pooled = switch (kind) {
      case MAX -> tf.reduceMax(features, axes, ReduceMax.keepDims(false));
      case AVG -> tf.math.mean(features, axes);
      case GEM -> gem(layers, features);
      case NETVLAD -> throw new IllegalArgumentException("NetVLAD is not a global pooling");
    };
    return layers.l2Normalize(pooled, 1);
  }

  private Operand<TFloat32> gem(Layers layers, Operand<TFloat32> features) {
    Ops tf = layers.tf();
    var p = layers.params().weight(GEM_P, new long[] {1}, new ParamInit.Constant(3f));
    Operand<TFloat32> clamped = tf.math.maximum(features, tf.constant(1e-6f));
    Operand<TFloat32> mean = tf.math.mean(tf.math.pow(clamped, p), tf.constant(new int[] {1, 2}));
    return tf.math.pow(mean, tf.math.reciprocal(p));
  }
}
