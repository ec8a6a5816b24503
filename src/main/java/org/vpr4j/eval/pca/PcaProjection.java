package org.vpr4j.eval.pca;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.TfSessions;

/** Applies a {@link Pca} to batches of descriptors in one TensorFlow session (graph built once). */
public final class PcaProjection implements AutoCloseable {
  private final Pca pca;
  private final Graph tfGraph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Operand<TFloat32> output;

  public PcaProjection(Pca pca) {
    this(pca, true);
  }

  /**
   * @param rowL2 whether each output row is L2-normalised (false for the transductive reference
   *     variant and {@link #withoutNormalisation})
   */
  PcaProjection(Pca pca, boolean rowL2) {
    this.pca = pca;
    Ops tf = Ops.create(tfGraph);
    input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, pca.inputDim())));
    output = rowL2 ? PcaOps.project(tf, input, pca) : PcaOps.projectUnnormalised(tf, input, pca);
    session = TfSessions.cpuSession(tfGraph);
  }

  /**
   * The transform without its final L2 normalisation, so distances between projected vectors stay
   * those of the inputs within the components' subspace (the walk of a projected HNSW graph,
   * docs/scale.md).
   */
  public static PcaProjection withoutNormalisation(Pca pca) {
    return new PcaProjection(pca, false);
  }

  public Pca pca() {
    return pca;
  }

  /** {@code n} projected descriptors, row-major {@code [n, pca.dim()]}, of the first {@code n} rows of {@code x}. */
  public float[] apply(float[] x, int n) {
    if ((long) n * pca.inputDim() > x.length) {
      throw new IllegalArgumentException(n + " rows of " + pca.inputDim() + " need " + (long) n * pca.inputDim()
          + " floats, got " + x.length);
    }
    float[] y = new float[n * pca.dim()];
    if (n == 0) {
      return y;
    }
    try (TFloat32 in = TFloat32.tensorOf(Shape.of(n, pca.inputDim()),
            DataBuffers.of(x, true, false).narrow((long) n * pca.inputDim()));
        Result r = session.runner().feed(input, in).fetch(output).run()) {
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(y, false, false));
    }
    return y;
  }

  /** Every row of {@code x} projected, streamed in blocks, into a new in-memory matrix. */
  float[] applyAll(DescriptorStore x) {
    int block = PcaLearner.blockRows(x.dim());
    float[] out = new float[Math.multiplyExact(x.rows(), pca.dim())];
    for (int r0 = 0; r0 < x.rows(); r0 += block) {
      int rn = Math.min(block, x.rows() - r0);
      float[] y = apply(x.read(r0, rn), rn);
      System.arraycopy(y, 0, out, r0 * pca.dim(), y.length);
    }
    return out;
  }

  @Override
  public void close() {
    session.close();
    tfGraph.close();
  }
}
