package org.vpr4j.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;

/**
 * Exact k-NN search with {@link ExactSearch} on random unit vectors (the cost does not depend on
 * the values). A run builds nothing but the search itself: the vectors are in memory beforehand,
 * as they are for faiss.
 */
public final class SearchBenchmark {
  private SearchBenchmark() {}

  public static BenchResult run(int database, int queries, int dim, int k, StageRecorder stage) throws Exception {
    InMemoryDescriptors db = new InMemoryDescriptors(database, dim, unitRows(database, dim, 1));
    InMemoryDescriptors q = new InMemoryDescriptors(queries, dim, unitRows(queries, dim, 2));
    try (ExactSearch search = new ExactSearch()) {
      double s = stage.median(() -> search.search(q, db, k));
      return stage.result("vpr4j", String.format("vpr4j ExactSearch (TF matmul + TopKV2, blocked), %d threads",
              Runtime.getRuntime().availableProcessors()),
          scenario(database, queries, dim, k), queries, "query", s, Map.of());
    }
  }

  /** The case name both sides use, so the report lines them up. */
  public static String scenario(int database, int queries, int dim, int k) {
    return database + " x " + dim + ", " + queries + " queries, k=" + k;
  }

  /** Rows of uniform random values in [-1, 1), each scaled to unit length (filled in parallel, seeded per row). */
  public static float[] unitRows(int rows, int dim, long seed) {
    float[] data = new float[Math.multiplyExact(rows, dim)];
    IntStream.range(0, rows).parallel().forEach(r -> {
      SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + r);
      double sq = 0;
      int base = r * dim;
      for (int i = 0; i < dim; i++) {
        float v = (float) (rng.nextDouble() * 2 - 1);
        data[base + i] = v;
        sq += v * v;
      }
      float inv = (float) (1 / Math.sqrt(sq));
      for (int i = 0; i < dim; i++) {
        data[base + i] *= inv;
      }
    });
    return data;
  }
}
