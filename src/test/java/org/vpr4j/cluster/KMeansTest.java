package org.vpr4j.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;

class KMeansTest {
  private static final float[][] CENTERS = {
      {10, 0, 0, 0, 0, 0}, {0, 10, 0, 0, 0, 0}, {0, 0, 10, 0, 0, 0}, {-10, -10, 0, 0, 0, 0},
  };

  /** {@code perBlob} points around each centre with the given spread, in blob order. */
  private static float[][] blobs(float[][] centers, int perBlob, double spread, long seed) {
    Random r = new Random(seed);
    float[][] points = new float[centers.length * perBlob][];
    for (int i = 0; i < points.length; i++) {
      float[] c = centers[i / perBlob];
      points[i] = new float[c.length];
      for (int j = 0; j < c.length; j++) {
        points[i][j] = (float) (c[j] + spread * r.nextGaussian());
      }
    }
    return points;
  }

  private static double squaredDistance(float[] a, float[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (a[j] - b[j]) * (double) (a[j] - b[j]);
    }
    return s;
  }

  /** Each true centre has exactly one centroid within {@code tolerance}. */
  private static void assertRecovers(float[][] centers, float[][] centroids, double tolerance) {
    assertEquals(centers.length, centroids.length);
    for (float[] c : centers) {
      int near = 0;
      for (float[] got : centroids) {
        if (Math.sqrt(squaredDistance(c, got)) < tolerance) {
          near++;
        }
      }
      assertEquals(1, near, "centroids near centre " + java.util.Arrays.toString(c));
    }
  }

  @Test
  void recoversTwoWellSeparatedBlobsFromAnyStart() {
    float[][] centers = {CENTERS[0], CENTERS[3]};
    float[][] points = blobs(centers, 40, 0.2, 1);
    for (long seed = 1; seed <= 5; seed++) {
      KMeans.Result r = new KMeans(KMeans.Config.defaults(2).withIterations(10).withSeed(seed)).fit(points);
      assertRecovers(centers, r.centroids(), 0.15);
    }
  }

  @Test
  void convergesToAFixedPointOfLloydWithTheReportedObjective() {
    // With random starts Lloyd may settle in a local optimum (two centroids sharing a blob), as
    // faiss's may; what must hold either way is a fixed point: every centroid is the mean of the
    // points nearest to it, and the objective is their summed squared distance.
    float[][] points = blobs(CENTERS, 50, 0.2, 1);
    KMeans.Result result = new KMeans(KMeans.Config.defaults(4).withIterations(20)).fit(points);
    assertEquals(200, result.pointsUsed());
    assertEquals(20, result.objectives().length);
    float[][] centroids = result.centroids();
    double[][] sums = new double[4][6];
    int[] counts = new int[4];
    double want = 0;
    for (float[] p : points) {
      int best = 0;
      for (int c = 1; c < 4; c++) {
        if (squaredDistance(p, centroids[c]) < squaredDistance(p, centroids[best])) {
          best = c;
        }
      }
      want += squaredDistance(p, centroids[best]);
      counts[best]++;
      for (int j = 0; j < 6; j++) {
        sums[best][j] += p[j];
      }
    }
    for (int c = 0; c < 4; c++) {
      assertTrue(counts[c] > 0, "cluster " + c + " is empty");
      for (int j = 0; j < 6; j++) {
        assertEquals(sums[c][j] / counts[c], centroids[c][j], 1e-4, "centroid " + c + " coordinate " + j);
      }
    }
    assertEquals(want, result.objective(), want * 1e-4);
  }

  @Test
  void sameSeedGivesIdenticalCentroids() {
    float[][] points = blobs(CENTERS, 30, 3.0, 2); // overlapping blobs: the result depends on the start
    KMeans.Config config = KMeans.Config.defaults(6).withIterations(10).withSeed(99);
    KMeans.Result a = new KMeans(config).fit(points);
    KMeans.Result b = new KMeans(config).fit(points);
    for (int c = 0; c < 6; c++) {
      assertArrayEquals(a.centroids()[c], b.centroids()[c]);
    }
    assertArrayEquals(a.objectives(), b.objectives());
  }

  @Test
  void subsamplesToMaxPointsPerCentroid() {
    float[][] points = blobs(CENTERS, 100, 0.2, 3);
    assertEquals(4 * 30, new KMeans(KMeans.Config.defaults(4).withIterations(3).withMaxPointsPerCentroid(30))
        .fit(points).pointsUsed());
    assertEquals(400, new KMeans(KMeans.Config.defaults(4).withIterations(3).withMaxPointsPerCentroid(0))
        .fit(points).pointsUsed());
  }

  @Test
  void emptyClustersAreReSeededBySplitting() {
    // Three blobs of identical points: whenever two initial centroids fall in one blob they
    // coincide, every point goes to the lower index, and the other cluster is empty.
    float[][] centers = {{0, 0}, {10, 0}, {0, 10}};
    float[][] points = blobs(centers, 30, 0, 0);
    int seedsWithSplits = 0;
    for (long seed = 1; seed <= 8; seed++) {
      KMeans.Result r = new KMeans(KMeans.Config.defaults(3).withIterations(10).withSeed(seed)).fit(points);
      assertRecovers(centers, r.centroids(), 1e-3);
      assertEquals(0, r.objective(), 1e-6, "seed " + seed);
      if (r.emptyClusterSplits() > 0) {
        seedsWithSplits++;
      }
    }
    assertTrue(seedsWithSplits > 0, "no seed produced an empty cluster; the test lost its point");
  }

  @Test
  void splitCopiesTheLargestClusterWithASymmetricPerturbation() {
    float[] centroids = {2, 4, 0, 0, 1, 1, 8, 8};
    int[] counts = {5, 0, 3, 7};
    assertEquals(1, KMeans.splitEmptyClusters(centroids, counts, 2));
    float eps = 1f / 1024;
    assertArrayEquals(new float[] {2, 4, 8 * (1 + eps), 8 * (1 - eps), 1, 1, 8 * (1 - eps), 8 * (1 + eps)}, centroids);
    assertArrayEquals(new int[] {5, 3, 3, 4}, counts);
  }

  @Test
  void rejectsTooFewPointsAndNonFiniteValues() {
    VprException few = assertThrows(VprException.class,
        () -> new KMeans(KMeans.Config.defaults(5)).fit(new float[][] {{1}, {2}, {3}}));
    assertTrue(few.getMessage().contains("at least 5"), few.getMessage());
    assertThrows(VprException.class,
        () -> new KMeans(KMeans.Config.defaults(2)).fit(new float[][] {{1}, {Float.NaN}, {3}}));
    assertThrows(IllegalArgumentException.class, () -> KMeans.Config.defaults(0));
  }
}
