package org.vpr4j.query.ann;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.SearchResult;

/**
 * How deep a candidate list a graph walked in a projection needs, measured once when the graph is
 * built. A projection misorders near neighbours by an amount that depends on the data's spectrum
 * and on the projection's dimension: at 100,000 clustered 4,096-D vectors, a 256-D walk held the
 * whole exact top 25 with 2 x 25 candidates while a 128-D walk needed 8 x 25 for 0.999
 * (docs/benchmarks.md, "A graph walked in a projection"). So no fixed re-rank factor is both fast
 * and safe: the graph measures its own on a sample of its rows, used as queries.
 *
 * <p>For each factor in {@link #FACTORS}, smallest first, the sample is searched as {@code query
 * search} would with its default ef, and the smallest factor whose walks hold at least
 * {@value #TARGET_RECALL} of each row's exact top {@value #K} (the row itself left out) is kept.
 */
final class RerankCalibration {
  static final int SAMPLES = 200;
  static final int K = 25;
  static final double TARGET_RECALL = 0.99;
  static final int[] FACTORS = {1, 2, 3, 4, 6, 8};

  /** The factor kept, the recall it measured, and on how many rows. */
  record Outcome(int factor, double recall, int samples) {}

  private RerankCalibration() {}

  /** Measures {@code index}, a projected graph of every row of {@code descriptors}. */
  static Outcome measure(AnnIndex index, DescriptorStore descriptors) {
    int rows = descriptors.rows();
    int k = Math.min(K, rows - 1);
    if (k < 1) {
      return new Outcome(AnnSettings.DEFAULT_NAV_RERANK_FACTOR, Double.NaN, 0);
    }
    int n = Math.min(SAMPLES, rows);
    int dim = descriptors.dim();
    int[] sample = new int[n];
    float[] queries = new float[n * dim];
    for (int i = 0; i < n; i++) {
      sample[i] = (int) ((long) i * rows / n);
      System.arraycopy(descriptors.read(sample[i], 1), 0, queries, i * dim, dim);
    }
    SearchResult truth;
    try (ExactSearch exact = new ExactSearch()) {
      truth = exact.search(new InMemoryDescriptors(n, dim, queries), descriptors, k + 1);
    }
    float[] walks = index.walkVectors(queries, n);
    int walkDim = index.walkDim();
    double recall = 0;
    int factor = FACTORS[0];
    for (int f : FACTORS) {
      factor = f;
      int candidates = (int) Math.min(rows, Math.max(AnnSettings.DEFAULT_EF, (long) f * k));
      int found = IntStream.range(0, n).parallel().map(i -> {
        AnnIndex.Hits hits = index.nearest(Arrays.copyOfRange(queries, i * dim, (i + 1) * dim),
            Arrays.copyOfRange(walks, i * walkDim, (i + 1) * walkDim), k + 1, candidates);
        return overlap(others(truth.indices()[i], sample[i], k), others(hits.rows(), sample[i], k));
      }).sum();
      recall = found / (double) (n * k);
      if (recall >= TARGET_RECALL || candidates == rows) {
        break;
      }
    }
    return new Outcome(factor, recall, n);
  }

  /** The first {@code k} of {@code ranked} without {@code self}. */
  static int[] others(int[] ranked, int self, int k) {
    return Arrays.stream(ranked).filter(r -> r != self).limit(k).toArray();
  }

  private static int overlap(int[] truth, int[] found) {
    int hits = 0;
    for (int f : found) {
      for (int t : truth) {
        hits += f == t ? 1 : 0;
      }
    }
    return hits;
  }
}
