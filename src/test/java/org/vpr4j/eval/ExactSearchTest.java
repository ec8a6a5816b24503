package org.vpr4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vpr4j.VprException;

class ExactSearchTest {
  private static ExactSearch defaultBlocks;

  @BeforeAll
  static void open() {
    defaultBlocks = new ExactSearch();
  }

  @AfterAll
  static void close() {
    defaultBlocks.close();
  }

  private static float[][] gaussian(int rows, int dim, Random r) {
    float[][] m = new float[rows][dim];
    for (float[] row : m) {
      for (int j = 0; j < dim; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return m;
  }

  /**
   * Every rank's distance must match the reference to 1e-4, and the index too unless the reference
   * itself has another candidate within float rounding of that distance.
   */
  private static void assertMatchesBruteForce(float[][] queries, float[][] db, int k, SearchResult got) {
    double[][] d2 = BruteForceKnn.squaredDistances(queries, db);
    int[][] want = BruteForceKnn.search(queries, db, k);
    assertEquals(queries.length, got.numQueries());
    assertEquals(k, got.k());
    for (int q = 0; q < queries.length; q++) {
      for (int r = 0; r < k; r++) {
        double wantDist = Math.sqrt(d2[q][want[q][r]]);
        assertEquals(wantDist, got.distances()[q][r], 1e-4, "distance, query " + q + " rank " + r);
        if (want[q][r] != got.indices()[q][r]) {
          double gotDist = Math.sqrt(d2[q][got.indices()[q][r]]);
          assertEquals(wantDist, gotDist, 1e-5, "query " + q + " rank " + r + ": not a near tie");
        }
      }
    }
  }

  @ParameterizedTest(name = "db block {0}, query block {1}, k {2}")
  @CsvSource({
      "0, 0, 1", // default blocks: everything in one block
      "0, 0, 10",
      "7, 5, 1", // blocks that do not divide the sizes
      "7, 5, 10", // k larger than a database block
      "16, 64, 25", // last database block smaller than k
      "1, 1, 3",
  })
  void matchesBruteForce(int dbBlock, int queryBlock, int k) {
    Random r = new Random(42 + dbBlock + 31L * k);
    float[][] db = gaussian(57, 24, r);
    float[][] queries = gaussian(19, 24, r);
    try (ExactSearch search = new ExactSearch(dbBlock, queryBlock)) {
      SearchResult got = search.search(InMemoryDescriptors.fromRows(queries), InMemoryDescriptors.fromRows(db), k);
      assertMatchesBruteForce(queries, db, k, got);
    }
  }

  @Test
  void searchesAMappedDatabaseAndReusesTheGraph(@TempDir Path dir) {
    Random r = new Random(3);
    float[][] db = gaussian(40, 16, r);
    Path file = dir.resolve("db.vdesc");
    DescriptorFileWriter.write(file, InMemoryDescriptors.fromRows(db));
    DescriptorStore mapped = MappedDescriptors.openSegmented(file, 16 * 4 * 6);
    for (int round = 0; round < 2; round++) {
      float[][] queries = gaussian(9, 16, r);
      assertMatchesBruteForce(queries, db, 5, defaultBlocks.search(InMemoryDescriptors.fromRows(queries), mapped, 5));
    }
  }

  @Test
  void equalDistancesRankTheLowerIndexFirstAcrossBlocks() {
    // Small integers keep every distance exact in float32, so the ties below are exact.
    float[][] db = {
        {5, 5, 5}, {1, 0, 0}, {9, 9, 9}, {0, 1, 0}, {0, 0, 1}, {7, 7, 7}, {1, 0, 0}, {0, 0, 1}, {0, 0, 0},
    };
    float[][] queries = {{0, 0, 0}, {1, 0, 0}};
    // Query 0: index 8 at 0, then indices 1, 3, 4, 6, 7 all at distance 1.
    // Query 1: 1 and 6 at 0, then 8 at 1, then 3, 4, 7 at sqrt 2.
    int[][] want = {{8, 1, 3, 4, 6, 7}, {1, 6, 8, 3, 4, 7}};
    for (int dbBlock : new int[] {0, 1, 2, 4}) {
      try (ExactSearch search = new ExactSearch(dbBlock, 1)) {
        SearchResult got = search.search(InMemoryDescriptors.fromRows(queries), InMemoryDescriptors.fromRows(db), 6);
        for (int q = 0; q < queries.length; q++) {
          assertArrayEquals(want[q], got.indices()[q], "db block " + dbBlock + ", query " + q);
        }
        assertArrayEquals(new float[] {0, 1, 1, 1, 1, 1}, got.distances()[0]);
        assertEquals((float) Math.sqrt(2), got.distances()[1][5]);
      }
    }
  }

  @Test
  void identicalVectorsHaveDistanceZeroNotNaN() {
    float[][] db = {{0.1f, 0.7f, -0.3f}, {0.5f, 0.5f, 0.5f}};
    SearchResult got = defaultBlocks.search(
        InMemoryDescriptors.fromRows(new float[][] {{0.1f, 0.7f, -0.3f}}), InMemoryDescriptors.fromRows(db), 2);
    assertEquals(0, got.indices()[0][0]);
    assertEquals(0f, got.distances()[0][0], "a near-duplicate's distance is computed directly");
  }

  @Test
  void nearDuplicatesGetExactDistancesAndOrderWhereTheExpandedFormCannotTellThem() {
    // Unit vectors of 4,096-D, as descriptors are, and two database rows 3e-4 and 1e-4 from the
    // query: the expanded form's rounding (about 1e-7 of |q|^2 + |x|^2) swamps such squared distances.
    int dim = 4096;
    java.util.Random r = new java.util.Random(5);
    float[] q = new float[dim];
    for (int j = 0; j < dim; j++) {
      q[j] = (float) r.nextGaussian();
    }
    normalise(q);
    float[] far = q.clone();
    float[] near = q.clone();
    far[7] += 3e-4f;
    near[11] += 1e-4f;
    float[] other = new float[dim];
    other[0] = 1;
    float[][] db = {far, other, q.clone(), near};
    SearchResult got = defaultBlocks.search(InMemoryDescriptors.fromRows(new float[][] {q}),
        InMemoryDescriptors.fromRows(db), 4);
    assertArrayEquals(new int[] {2, 3, 0, 1}, got.indices()[0]);
    assertEquals(0f, got.distances()[0][0]);
    assertEquals(1e-4, got.distances()[0][1], 1e-8);
    assertEquals(3e-4, got.distances()[0][2], 1e-8);
    // The far row keeps the expanded form's distance, as rounded.
    assertEquals(Math.sqrt(2 - 2 * q[0]), got.distances()[0][3], 1e-5);
  }

  private static void normalise(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    for (int j = 0; j < v.length; j++) {
      v[j] /= (float) Math.sqrt(s);
    }
  }

  @Test
  void kLargerThanTheDatabaseIsAClearError() {
    DescriptorStore db = InMemoryDescriptors.fromRows(new float[][] {{1, 2}, {3, 4}});
    VprException e = assertThrows(VprException.class, () -> defaultBlocks.search(db, db, 3));
    assertTrue(e.getMessage().contains("only 2"), e.getMessage());
  }

  @Test
  void mismatchedDimensionsAreAClearError() {
    DescriptorStore db = InMemoryDescriptors.fromRows(new float[][] {{1, 2}, {3, 4}});
    DescriptorStore q = InMemoryDescriptors.fromRows(new float[][] {{1, 2, 3}});
    VprException e = assertThrows(VprException.class, () -> defaultBlocks.search(q, db, 1));
    assertTrue(e.getMessage().contains("dimension 3") && e.getMessage().contains("dimension 2"), e.getMessage());
  }

  @Test
  void noQueriesGiveAnEmptyResult() {
    DescriptorStore db = InMemoryDescriptors.fromRows(new float[][] {{1, 2}, {3, 4}});
    assertEquals(0, defaultBlocks.search(db.rows(0, 0), db, 1).numQueries());
  }
}
