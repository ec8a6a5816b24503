package org.vpr4j.query.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.query.QuerySearch;

class AnnIndexTest {
  @TempDir Path tmp;

  /** Unit vectors around a few random centres (clustered, as place descriptors are). */
  static InMemoryDescriptors clustered(int n, int d, int centres, long seed) {
    Random r = new Random(seed);
    float[][] c = new float[centres][d];
    for (float[] row : c) {
      for (int j = 0; j < d; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    float[] x = new float[n * d];
    for (int i = 0; i < n; i++) {
      float[] centre = c[r.nextInt(centres)];
      double norm = 0;
      for (int j = 0; j < d; j++) {
        float v = centre[j] + 0.5f * (float) r.nextGaussian();
        x[i * d + j] = v;
        norm += v * v;
      }
      for (int j = 0; j < d; j++) {
        x[i * d + j] /= (float) Math.sqrt(norm);
      }
    }
    return new InMemoryDescriptors(n, d, x);
  }

  /**
   * With as many candidates as vectors the graph search visits every node, so after the exact
   * re-ranking the answer is the exact one; 2,048 dimensions is beyond Lucene's default 1,024.
   */
  @Test
  void allCandidatesGiveTheExactAnswerAbove1024Dimensions() {
    InMemoryDescriptors db = clustered(300, 2048, 6, 1);
    InMemoryDescriptors q = clustered(10, 2048, 6, 2);
    for (boolean int8 : new boolean[] {false, true}) {
      Path folder = tmp.resolve(int8 ? "i8.hnsw" : "f32.hnsw");
      AnnIndex.build(db, folder, new AnnSettings(16, 100, int8, 0), Map.of("model", "m"));
      SearchResult exact;
      try (ExactSearch search = new ExactSearch()) {
        exact = search.search(q, db, 5);
      }
      try (AnnIndex ann = AnnIndex.open(folder)) {
        assertEquals(300, ann.size());
        assertEquals("m", ann.commitData().get("model"));
        assertEquals(int8 ? "int8" : "fp32", ann.commitData().get("quantization"));
        SearchResult found = QuerySearch.approximate(ann, q, 5, 300, 1);
        for (int i = 0; i < 10; i++) {
          assertArrayEquals(exact.indices()[i], found.indices()[i], "query " + i + (int8 ? " (int8)" : ""));
        }
      }
      assertTrue(AnnIndex.sizeOnDisk(folder) > 0);
    }
  }

  @Test
  void candidatesRankByDistanceThenByRow() {
    long[] keys = {AnnIndex.rankKey(1.5f, 0), AnnIndex.rankKey(1f, 7), AnnIndex.rankKey(Float.MIN_VALUE, 9),
        AnnIndex.rankKey(1f, 5), AnnIndex.rankKey(0f, 3), AnnIndex.rankKey(2e-7f, 1)};
    java.util.Arrays.sort(keys);
    int[] rows = java.util.Arrays.stream(keys).mapToInt(key -> (int) key).toArray();
    assertArrayEquals(new int[] {3, 9, 1, 5, 7, 0}, rows);
    // A rounding below zero counts as zero: ties with an exact zero go by row.
    assertTrue(AnnIndex.rankKey(-1e-9f, 2) < AnnIndex.rankKey(0f, 3));
  }

  @Test
  void refusesDescriptorsLongerThan4096() {
    VprException e = assertThrows(VprException.class, () -> AnnIndex.build(new InMemoryDescriptors(2, 8192,
        new float[2 * 8192]), tmp.resolve("x.hnsw"), new AnnSettings(16, 100, false, 0), Map.of()));
    assertTrue(e.getMessage().contains("8192") && e.getMessage().contains("vpr4j pca"), e.getMessage());
  }
}
