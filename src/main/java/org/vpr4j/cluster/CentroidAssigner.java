package org.vpr4j.cluster;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.vpr4j.eval.SquaredDistanceOps;
import org.vpr4j.eval.TfSessions;

/**
 * The assignment step of k-means in TensorFlow: for a fixed set of points, the nearest centroid of
 * each point (matmul + ArgMin, lowest centroid index on ties) and its squared distance. The points
 * tensor is built once and fed again for every call.
 */
final class CentroidAssigner implements AutoCloseable {
  /** Nearest centroid and squared distance (clamped at 0) per point. */
  record Assignment(int[] labels, float[] squaredDistances) {}

  private final int numPoints;
  private final int dim;
  private final Graph tfGraph;
  private final Session session;
  private final TFloat32 pointsTensor;
  private final Placeholder<TFloat32> pointsInput;
  private final Placeholder<TFloat32> centroidsInput;
  private final Operand<TInt32> labels;
  private final Operand<TFloat32> minSquaredDistances;

  /** {@code points} is row-major {@code [numPoints, dim]}; it is copied into a tensor. */
  CentroidAssigner(float[] points, int numPoints, int dim) {
    this.numPoints = numPoints;
    this.dim = dim;
    this.tfGraph = new Graph();
    Ops tf = Ops.create(tfGraph);
    pointsInput = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, dim)));
    centroidsInput = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, dim)));
    Operand<TFloat32> d2 = SquaredDistanceOps.pairwise(tf, pointsInput, centroidsInput);
    labels = tf.math.argMin(d2, tf.constant(1), TInt32.class);
    minSquaredDistances = tf.math.maximum(tf.min(d2, tf.constant(1)), tf.constant(0f));
    this.session = TfSessions.cpuSession(tfGraph);
    this.pointsTensor = TFloat32.tensorOf(Shape.of(numPoints, dim), DataBuffers.of(points, true, false));
  }

  /** Assigns every point to its nearest row of {@code centroids} (row-major {@code [k, dim]}). */
  Assignment assign(float[] centroids, int k) {
    int[] lab = new int[numPoints];
    float[] dist = new float[numPoints];
    try (TFloat32 c = TFloat32.tensorOf(Shape.of(k, dim), DataBuffers.of(centroids, true, false));
        Result r = session.runner()
            .feed(pointsInput, pointsTensor)
            .feed(centroidsInput, c)
            .fetch(labels)
            .fetch(minSquaredDistances)
            .run()) {
      ((TInt32) r.get(0)).copyTo(DataBuffers.of(lab, false, false));
      ((TFloat32) r.get(1)).copyTo(DataBuffers.of(dist, false, false));
    }
    return new Assignment(lab, dist);
  }

  @Override
  public void close() {
    pointsTensor.close();
    session.close();
    tfGraph.close();
  }
}
