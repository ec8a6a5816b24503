package org.vpr4j.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * NetVLAD v1 (SPEC §2): per-location L2 normalisation, soft assignment by a bias-free 1x1 conv
 * and softmax over K clusters, residual aggregation, intra-normalisation, cluster-major flatten
 * (index k*D + d) and global L2 normalisation. Parameters {@code pool.centroids} [K, D] and
 * {@code pool.conv.weight} (HWIO [1, 1, D, K]).
 */
public final class NetVlad {
  public static final String CENTROIDS = "pool.centroids";
  public static final String CONV_WEIGHT = "pool.conv.weight";

  private final int clusters;
  private final int dim;

  public NetVlad(int clusters, int dim) {
    this.clusters = clusters;
    this.dim = dim;
  }

  /**
   * Aggregates NHWC features [B, H, W, D] into [B, K*D] descriptors. With a
   * {@code locationWeight} [B, H, W, 1], each location's soft assignment is scaled by it (our
   * mask-weighted variant, which a spatial mask survives); {@code null} gives the reference.
   */
  public Operand<TFloat32> apply(Layers layers, Operand<TFloat32> features, Operand<TFloat32> locationWeight) {
    Ops tf = layers.tf();
    var centroids = layers.params().weight(CENTROIDS, new long[] {clusters, dim}, new ParamInit.Uniform(1.0));
    var conv = layers.params().weight(CONV_WEIGHT, new long[] {1, 1, dim, clusters}, ParamInit.torchDefault(dim));
    long locations = Shapes.spatialSize(features);

    Operand<TFloat32> xn = layers.l2Normalize(features, -1);
    Operand<TFloat32> logits = tf.nn.conv2d(xn, conv, List.of(1L, 1L, 1L, 1L), "VALID");
    Operand<TFloat32> assign = tf.nn.softmax(tf.reshape(logits, tf.constant(new long[] {-1, locations, clusters})));
    if (locationWeight != null) {
      assign = tf.math.mul(assign, tf.reshape(locationWeight, tf.constant(new long[] {-1, locations, 1})));
    }
    Operand<TFloat32> x = tf.reshape(xn, tf.constant(new long[] {-1, locations, dim}));
    // sum_i a_ik (x_i - c_k) = (A^T X)_k - (sum_i a_ik) c_k
    Operand<TFloat32> weighted = tf.train.batchMatMul(assign, x, TFloat32.class, BatchMatMul.adjX(true));
    Operand<TFloat32> mass = tf.expandDims(tf.reduceSum(assign, tf.constant(1)), tf.constant(-1));
    Operand<TFloat32> vlad = tf.math.sub(weighted, tf.math.mul(mass, centroids));
    vlad = layers.l2Normalize(vlad, 2);
    Operand<TFloat32> flat = tf.reshape(vlad, tf.constant(new long[] {-1, (long) clusters * dim}));
    return layers.l2Normalize(flat, 1);
  }
}
