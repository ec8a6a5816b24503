package org.vpr4j.eval.pca;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * The PCA transform as graph ops, shared by in-process projection and the SavedModel export:
 * {@code y = L2((x - mean) Pᵀ * scale)}, with the same L2 guard as NetVLAD (divide by
 * max(norm, 1e-12)).
 */
public final class PcaOps {
  private static final float NORM_EPS = 1e-12f;

  private PcaOps() {}

  /** Projects descriptors {@code x [n, inputDim]} with {@code pca}'s constants baked into the graph. */
  public static Operand<TFloat32> project(Ops tf, Operand<TFloat32> x, Pca pca) {
    return l2Rows(tf, projectUnnormalised(tf, x, pca));
  }

  /** The transform without its final per-row L2 normalisation (the reference code's transductive variant). */
  static Operand<TFloat32> projectUnnormalised(Ops tf, Operand<TFloat32> x, Pca pca) {
    Operand<TFloat32> centred = tf.math.sub(x, tf.constant(pca.mean()));
    Operand<TFloat32> projected = tf.linalg.matMul(centred, tf.constant(pca.components()), MatMul.transposeB(true));
    return pca.whiten() ? tf.math.mul(projected, tf.constant(pca.scales())) : projected;
  }

  /** Each row divided by max(its L2 norm, 1e-12). */
  static Operand<TFloat32> l2Rows(Ops tf, Operand<TFloat32> y) {
    Operand<TFloat32> norm = tf.math.sqrt(tf.sum(tf.math.square(y), tf.constant(1), Sum.keepDims(true)));
    return tf.math.div(y, tf.math.maximum(norm, tf.constant(NORM_EPS)));
  }
}
