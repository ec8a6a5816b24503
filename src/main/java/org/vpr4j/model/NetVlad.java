package org.vpr4j.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.ParamInit;
import org.vpr4j.model.layers.Shapes;

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
  private final boolean float64;

  /** The reference layer, computed in the graph's float32. */
  public NetVlad(int clusters, int dim) {
    this(clusters, dim, false);
  }

  /**
   * With {@code float64}, the layer computes in double precision and returns float32. Used when
   * the rest of the network runs in bfloat16: the soft assignment multiplies the features by
   * alpha (up to a few hundred), which turns bfloat16's 3 significant digits into visible
   * descriptor error, while the layer costs well under 1% of the network's arithmetic. Grappler's
   * mixed-precision pass only rewrites float32 ops, so float64 ones stay as they are.
   */
  public NetVlad(int clusters, int dim, boolean float64) {
    this.clusters = clusters;
    this.dim = dim;
    this.float64 = float64;
  }

  /**
   * Aggregates NHWC features [B, H, W, D] into [B, K*D] descriptors. With a
   * {@code locationWeight} [B, H, W, 1], each location's soft assignment is scaled by it (our
   * mask-weighted variant, which a spatial mask survives); {@code null} gives the reference.
   */
  public Operand<TFloat32> apply(Layers layers, Operand<TFloat32> features, Operand<TFloat32> locationWeight) {
    Ops tf = layers.tf();
    Operand<TFloat32> centroids = layers.params().weight(CENTROIDS, new long[] {clusters, dim}, new ParamInit.Uniform(1.0));
    Operand<TFloat32> conv = layers.params().weight(CONV_WEIGHT, new long[] {1, 1, dim, clusters}, ParamInit.torchDefault(dim));
    if (!float64) {
      return aggregate(layers, features, locationWeight, centroids, conv);
    }
    Operand<TFloat64> weight = locationWeight == null ? null : tf.dtypes.cast(locationWeight, TFloat64.class);
    Operand<TFloat64> vlad = aggregate(layers, tf.dtypes.cast(features, TFloat64.class), weight,
        tf.dtypes.cast(centroids, TFloat64.class), tf.dtypes.cast(conv, TFloat64.class));
    return tf.dtypes.cast(vlad, TFloat32.class);
  }

  private <T extends TFloating> Operand<T> aggregate(Layers layers, Operand<T> features, Operand<T> locationWeight,
      Operand<T> centroids, Operand<T> conv) {
    Ops tf = layers.tf();
    long locations = Shapes.spatialSize(features);
    Operand<T> xn = layers.l2Normalize(features, -1);
    Operand<T> logits = tf.nn.conv2d(xn, conv, List.of(1L, 1L, 1L, 1L), "VALID");
    Operand<T> assign = tf.nn.softmax(tf.reshape(logits, tf.constant(new long[] {-1, locations, clusters})));
    if (locationWeight != null) {
      assign = tf.math.mul(assign, tf.reshape(locationWeight, tf.constant(new long[] {-1, locations, 1})));
    }
    Operand<T> x = tf.reshape(xn, tf.constant(new long[] {-1, locations, dim}));
    // sum_i a_ik (x_i - c_k) = (A^T X)_k - (sum_i a_ik) c_k
    Operand<T> weighted = tf.train.batchMatMul(assign, x, features.type(), BatchMatMul.adjX(true));
    Operand<T> mass = tf.expandDims(tf.reduceSum(assign, tf.constant(1)), tf.constant(-1));
    Operand<T> vlad = tf.math.sub(weighted, tf.math.mul(mass, centroids));
    vlad = layers.l2Normalize(vlad, 2);
    Operand<T> flat = tf.reshape(vlad, tf.constant(new long[] {-1, (long) clusters * dim}));
    return layers.l2Normalize(flat, 1);
  }
}
