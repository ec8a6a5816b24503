package org.vpr4j.query.ann;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.SearchResult;

/**
 * How deep a candidate list a graph walked in a projection needs, measured once when the graph is
 * built. For each factor, smallest first, sample queries are searched as {@code query search}
 * would with its default ef, and the smallest factor whose walks hold at least {@value
 * #TARGET_RECALL} of their exact top {@value #K} is kept: the lower end of the recall's 95%
 * confidence interval (mean less 1.96 standard errors over the queries), because a graph loses
 * whole queries rather than single neighbours, so a sample's mean alone flatters (a 128-D graph
 * measured 0.990 on 200 held-out queries and 0.960 on the bench's 1,000). Where the queries come
 * from decides which factors are tried:
 *
 * <ul>
 *   <li><b>Held-out queries</b> (descriptors of real query images the index will not be evaluated
 *       on, such as a validation split's, made by the same model): up to {@value #SAMPLES} of them,
 *       every factor of {@link #HELD_OUT_FACTORS}, so the list may also be shallower than the
 *       default {@value AnnSettings#DEFAULT_NAV_RERANK_FACTOR} x k.
 *   <li><b>Without them</b>: {@value #SAMPLES} evenly spaced indexed rows, each moved halfway
 *       towards its nearest other row (and scaled back to the row's length), as a new photo taken
 *       between two database views would be; only the factors of {@link #BETWEEN_ROWS_FACTORS}, from
 *       the default up. Such queries lie among the indexed rows, and real queries need not: at
 *       100,000 clustered 4,096-D vectors walked at 128-D, 50 candidates held 0.999 of these
 *       queries' neighbours but 0.918-0.963 of the bench's queries', whose walks miss neighbours
 *       that no sample of indexed rows shows (docs/benchmarks.md, "A projected graph measures its
 *       own re-rank factor"). So they may deepen the list, never make it shallower.
 * </ul>
 */
final class RerankCalibration {
  static final int SAMPLES = AnnSettings.CALIBRATION_QUERIES;
  static final int K = 25;
  static final double TARGET_RECALL = 0.99;
  static final int[] BETWEEN_ROWS_FACTORS = {AnnSettings.DEFAULT_NAV_RERANK_FACTOR, 6, 8, 12, 16};
  static final int[] HELD_OUT_FACTORS = {1, 2, AnnSettings.DEFAULT_NAV_RERANK_FACTOR, 6, 8, 12, 16};
  /** How the queries were made, in the graph's commit data and the log. */
  static final String HELD_OUT = "held-out queries";
  static final String BETWEEN_ROWS = "queries between its rows";

  /**
   * The factor kept, the recall it measured and that recall's lower 95% confidence bound, on how
   * many queries, and which kind ({@link #HELD_OUT} or {@link #BETWEEN_ROWS}).
   */
  record Outcome(int factor, double recall, double recallLowerBound, int samples, String queries) {}

  private RerankCalibration() {}

  /**
   * Measures {@code index}, a projected graph of every row of {@code descriptors}, on {@code
   * heldOut} (query descriptors of the same model and dimension; null for queries between indexed rows).
   */
  static Outcome measure(AnnIndex index, DescriptorStore descriptors, DescriptorStore heldOut) {
    int rows = descriptors.rows();
    int k = Math.min(K, heldOut == null ? rows - 1 : rows);
    String kind = heldOut == null ? BETWEEN_ROWS : HELD_OUT;
    if (k < 1 || heldOut != null && heldOut.rows() == 0) {
      return new Outcome(AnnSettings.DEFAULT_NAV_RERANK_FACTOR, Double.NaN, Double.NaN, 0, kind);
    }
    DescriptorStore sample = heldOut == null ? betweenRows(descriptors) : heldOut.evenlySpacedRows(SAMPLES);
    int n = sample.rows();
    int dim = sample.dim();
    float[] queries = sample.read(0, n);
    SearchResult truth;
    try (ExactSearch exact = new ExactSearch()) {
      truth = exact.search(sample, descriptors, k);
    }
    float[] walks = index.walkVectors(queries, n);
    int walkDim = index.walkDim();
    double recall = 0;
    double lowerBound = 0;
    int[] factors = heldOut == null ? BETWEEN_ROWS_FACTORS : HELD_OUT_FACTORS;
    int factor = factors[0];
    for (int f : factors) {
      factor = f;
      int candidates = (int) Math.min(rows, Math.max(AnnSettings.DEFAULT_EF, (long) f * k));
      int[][] found = new int[n][];
      IntStream.range(0, n).parallel().forEach(i -> found[i] = index.nearest(
          Arrays.copyOfRange(queries, i * dim, (i + 1) * dim),
          Arrays.copyOfRange(walks, i * walkDim, (i + 1) * walkDim), k, candidates).rows());
      double[] perQuery = SearchResult.recallPerQuery(truth.indices(), found);
      recall = Arrays.stream(perQuery).average().orElse(1);
      lowerBound = lowerBound(perQuery);
      if (lowerBound >= TARGET_RECALL || candidates == rows) {
        break;
      }
    }
    return new Outcome(factor, recall, lowerBound, n, kind);
  }

  /** The mean of {@code values} less 1.96 of its standard errors (the mean itself for a single value). */
  static double lowerBound(double[] values) {
    int n = values.length;
    double mean = Arrays.stream(values).average().orElse(Double.NaN);
    if (n < 2) {
      return mean;
    }
    double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
    return mean - 1.96 * Math.sqrt(squares / (n - 1) / n);
  }

  /** {@value #SAMPLES} evenly spaced rows, each moved halfway to its nearest other row (see the class comment). */
  private static DescriptorStore betweenRows(DescriptorStore descriptors) {
    int rows = descriptors.rows();
    int n = Math.min(SAMPLES, rows);
    int dim = descriptors.dim();
    float[] queries = new float[n * dim];
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
    }
    return new InMemoryDescriptors(n, dim, queries);
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
