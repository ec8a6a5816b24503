package org.vpr4j.bench;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;

/** Exact k-NN search time at a given size, on random unit vectors (the cost does not depend on values). */
public final class SearchBenchmark {

  /** One measurement. */
  public record Result(int database, int queries, int dim, int k, double seconds) {}

  private SearchBenchmark() {}

  public static Result run(int database, int queries, int dim, int k, int warmup, int runs) throws Exception {
    InMemoryDescriptors db = new InMemoryDescriptors(database, dim, unitRows(database, dim, 1));
    InMemoryDescriptors q = new InMemoryDescriptors(queries, dim, unitRows(queries, dim, 2));
    try (ExactSearch search = new ExactSearch()) {
      double s = Timing.median(warmup, runs, () -> search.search(q, db, k));
      return new Result(database, queries, dim, k, s);
    }
  }

  /** Rows of uniform random values, each scaled to unit length (filled in parallel, seeded per row). */
  static float[] unitRows(int rows, int dim, long seed) {
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
