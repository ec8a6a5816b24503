package org.vpr4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;

class GroundTruthTest {

  /** Every pair checked, squared distance against squared radius as sklearn's trees do. */
  private static int[][] bruteForce(double[][] db, double[][] q, double radius) {
    int[][] out = new int[q.length][];
    for (int i = 0; i < q.length; i++) {
      List<Integer> hits = new ArrayList<>();
      for (int j = 0; j < db.length; j++) {
        double dx = db[j][0] - q[i][0];
        double dy = db[j][1] - q[i][1];
        if (dx * dx + dy * dy <= radius * radius) {
          hits.add(j);
        }
      }
      out[i] = hits.stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  @Test
  void matchesBruteForceOnAPittsburghSizedPatch() {
    Random r = new Random(7);
    // UTM-like coordinates, including negative cells, over a 600 m square.
    double[][] db = new double[3000][];
    for (int i = 0; i < db.length; i++) {
      db[i] = new double[] {584000 + r.nextDouble() * 600 - 300, -100 + r.nextDouble() * 600};
    }
    double[][] q = new double[400][];
    for (int i = 0; i < q.length; i++) {
      q[i] = new double[] {584000 + r.nextDouble() * 700 - 350, -150 + r.nextDouble() * 700};
    }
    int[][] want = bruteForce(db, q, 25);
    int[][] got = GroundTruth.withinRadius(db, q, 25);
    int total = 0;
    for (int i = 0; i < q.length; i++) {
      assertArrayEquals(want[i], got[i], "query " + i);
      total += got[i].length;
    }
    assertTrue(total > q.length, "the data should give many matches, got " + total);
  }

  @Test
  void distanceExactlyAtTheRadiusCounts() {
    double[][] db = {{3, 4}, {3, 4.000001}, {-3, -4}, {0, 0}};
    int[][] got = GroundTruth.withinRadius(db, new double[][] {{0, 0}, {100, 100}}, 5);
    assertArrayEquals(new int[] {0, 2, 3}, got[0]);
    assertEquals(0, got[1].length);
  }

  @Test
  void rejectsBadRadiusAndCoordinates() {
    double[][] ok = {{0, 0}};
    assertThrows(VprException.class, () -> GroundTruth.withinRadius(ok, ok, 0));
    assertThrows(VprException.class, () -> GroundTruth.withinRadius(ok, ok, Double.NaN));
    VprException e = assertThrows(VprException.class,
        () -> GroundTruth.withinRadius(new double[][] {{0, 0}, {Double.NaN, 1}}, ok, 25));
    assertTrue(e.getMessage().contains("database image 1"), e.getMessage());
  }
}
