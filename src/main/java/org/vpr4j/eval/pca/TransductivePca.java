package org.vpr4j.eval.pca;

import java.util.Map;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.eval.InMemoryDescriptors;

/**
 * The PCA of the paper's reference code, for comparison with its numbers only (docs/scale.md).
 * It is <b>transductive</b>: it is fitted on the database of the split being evaluated. As that
 * code does, the database and the queries are each standardised per feature by a scaler fitted on
 * themselves (two different scalers), the PCA is fitted on the standardised database, and each
 * projected matrix is divided by one number, its whole Frobenius norm, instead of normalising
 * each descriptor.
 */
public final class TransductivePca implements Evaluation.PairTransform {
  private final int dim;

  public TransductivePca(int dim) {
    this.dim = dim;
  }

  @Override
  public DescriptorStore[] apply(DescriptorStore database, DescriptorStore queries) {
    StandardisedView db = StandardisedView.fit(database);
    StandardisedView q = StandardisedView.fit(queries);
    Pca pca = PcaLearner.learn(db, dim, PcaLearner.Settings.defaults(dim), false,
        Map.of("source", "the evaluated database (transductive)", "transductive", "true"));
    try (PcaProjection projection = new PcaProjection(pca, false)) {
      return new DescriptorStore[] {wholeMatrixL2(projection.applyAll(db), db.rows()),
          wholeMatrixL2(projection.applyAll(q), q.rows())};
    }
  }

  /** The matrix divided by its Frobenius norm, as one call to an L2 normaliser over the whole matrix does. */
  static InMemoryDescriptors wholeMatrixL2(float[] y, int rows) {
    double sq = 0;
    for (float v : y) {
      sq += (double) v * v;
    }
    float inv = sq > 0 ? (float) (1 / Math.sqrt(sq)) : 1f;
    for (int i = 0; i < y.length; i++) {
      y[i] *= inv;
    }
    return new InMemoryDescriptors(rows, y.length / Math.max(1, rows), y);
  }
}
