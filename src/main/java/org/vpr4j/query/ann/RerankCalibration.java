package org.vpr4j.query.ann;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.SearchResult;

/**
 * How deep a candidate list a graph walked in a projection needs, measured once when the graph is
 * built: deeper than the default {@value AnnSettings#DEFAULT_NAV_RERANK_FACTOR} x k where the
 * projection misorders more (a narrow projection of a flat spectrum), never shallower.
 *
 * <p>The queries are made from {@value #SAMPLES} evenly spaced indexed rows, each moved halfway
 * towards its nearest other row (and scaled back to the row's length), as a new photo taken
 * between two database views would be. For each factor in {@link #FACTORS}, smallest first, they
 * are searched as {@code query search} would with its default ef, and the smallest factor whose
 * walks hold at least {@value #TARGET_RECALL} of their exact top {@value #K} is kept.
 *
 * <p>Why never below the default: such queries lie among the indexed rows, and real queries need
 * not. At 100,000 clustered 4,096-D vectors walked at 128-D, 50 candidates held 0.999 of these
 * queries' neighbours but 0.918-0.963 of the bench's queries', whose walks miss neighbours that no
 * sample of indexed rows shows (docs/benchmarks.md, "A projected graph measures its own re-rank
 * factor"). A shallower list is a speed setting the user chooses with {@code --rerank-factor}.
 */
final class RerankCalibration {
  static final int SAMPLES = 200;
  static final int K = 25;
  static final double TARGET_RECALL = 0.99;
  static final int[] FACTORS = {AnnSettings.DEFAULT_NAV_RERANK_FACTOR, 6, 8, 12, 16};

  /** The factor kept, the recall it measured, and on how many queries. */
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
    float[] queries = new float[n * dim];
    SearchResult truth;
    try (ExactSearch exact = new ExactSearch()) {
      float[] sample = new float[n * dim];
      int[] sampleRows = new int[n];
      for (int i = 0; i < n; i++) {
        sampleRows[i] = (int) ((long) i * rows / n);
        System.arraycopy(descriptors.read(sampleRows[i], 1), 0, sample, i * dim, dim);
      }
      SearchResult nearest = exact.search(new InMemoryDescriptors(n, dim, sample), descriptors, 2);
      for (int i = 0; i < n; i++) {
        int other = others(nearest.indices()[i], sampleRows[i], 1)[0];
        between(sample, i * dim, descriptors.read(other, 1), queries, i * dim, dim);
      }
      truth = exact.search(new InMemoryDescriptors(n, dim, queries), descriptors, k);
    }
    float[] walks = index.walkVectors(queries, n);
    int walkDim = index.walkDim();
    double recall = 0;
    int factor = FACTORS[0];
    for (int f : FACTORS) {
      factor = f;
      int candidates = (int) Math.min(rows, Math.max(AnnSettings.DEFAULT_EF, (long) f * k));
      int[][] found = new int[n][];
      IntStream.range(0, n).parallel().forEach(i -> found[i] = index.nearest(
          Arrays.copyOfRange(queries, i * dim, (i + 1) * dim),
          Arrays.copyOfRange(walks, i * walkDim, (i + 1) * walkDim), k, candidates).rows());
      recall = SearchResult.recall(truth.indices(), found);
      if (recall >= TARGET_RECALL || candidates == rows) {
        break;
      }
    }
    return new Outcome(factor, recall, n);
  }

  /** The midpoint of {@code row} (at {@code at} in {@code rows}) and {@code other}, scaled to the row's length. */
  static void between(float[] rows, int at, float[] other, float[] out, int outAt, int dim) {
    double rowNorm = 0;
    double midNorm = 0;
    for (int d = 0; d < dim; d++) {
      float m = 0.5f * (rows[at + d] + other[d]);
      out[outAt + d] = m;
      rowNorm += (double) rows[at + d] * rows[at + d];
      midNorm += (double) m * m;
    }
    float scale = midNorm > 0 ? (float) Math.sqrt(rowNorm / midNorm) : 1f;
    for (int d = 0; d < dim; d++) {
      out[outAt + d] *= scale;
    }
  }

  /** The first {@code k} of {@code ranked} without {@code self}. */
  static int[] others(int[] ranked, int self, int k) {
    return Arrays.stream(ranked).filter(r -> r != self).limit(k).toArray();
  }
}
