package org.vpr4j.eval;

import java.util.Arrays;
import java.util.Comparator;

/** Reference k-NN for tests: exact distances in double, ties broken by lower index. */
final class BruteForceKnn {
  private BruteForceKnn() {}

  /** Squared distances in double from each query to each database row. */
  static double[][] squaredDistances(float[][] queries, float[][] db) {
    double[][] d2 = new double[queries.length][db.length];
    for (int q = 0; q < queries.length; q++) {
      for (int i = 0; i < db.length; i++) {
        double s = 0;
        for (int j = 0; j < db[i].length; j++) {
          double diff = (double) queries[q][j] - db[i][j];
          s += diff * diff;
        }
        d2[q][i] = s;
      }
    }
    return d2;
  }

  /** The k nearest database indices per query. */
  static int[][] search(float[][] queries, float[][] db, int k) {
    double[][] d2 = squaredDistances(queries, db);
    int[][] out = new int[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      double[] row = d2[q];
      Integer[] order = new Integer[db.length];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> row[i]).thenComparingInt(i -> i));
      out[q] = Arrays.stream(order, 0, k).mapToInt(Integer::intValue).toArray();
    }
    return out;
  }
}
