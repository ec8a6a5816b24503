package org.vpr4j.eval;

/**
 * The k nearest database descriptors of each query, nearest first: {@code indices[q][r]} is the
 * database row at rank {@code r} for query {@code q}, and {@code distances[q][r]} its Euclidean
 * (not squared) distance.
 */
public record SearchResult(int[][] indices, float[][] distances) {

  public int numQueries() {
    return indices.length;
  }

  /** Neighbours per query. */
  public int k() {
    return indices.length == 0 ? 0 : indices[0].length;
  }

  /**
   * The share of {@code truth}'s rows (each query's true neighbours, such as an exact search's
   * top k) that {@code found} holds for the same query, over all queries.
   */
  public static double recall(int[][] truth, int[][] found) {
    long hits = 0;
    long total = 0;
    for (int i = 0; i < truth.length; i++) {
      hits += hits(truth[i], found[i]);
      total += truth[i].length;
    }
    return hits / (double) total;
  }

  /** Each query's share of its {@code truth} rows that {@code found} holds (1 for a query without true rows). */
  public static double[] recallPerQuery(int[][] truth, int[][] found) {
    double[] out = new double[truth.length];
    for (int i = 0; i < truth.length; i++) {
      out[i] = truth[i].length == 0 ? 1 : hits(truth[i], found[i]) / (double) truth[i].length;
    }
    return out;
  }

  private static int hits(int[] truth, int[] found) {
    java.util.Set<Integer> rows = new java.util.HashSet<>();
    for (int j : truth) {
      rows.add(j);
    }
    int hits = 0;
    for (int j : found) {
      if (rows.contains(j)) {
        hits++;
      }
    }
    return hits;
  }
}
