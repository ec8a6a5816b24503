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
      java.util.Set<Integer> rows = new java.util.HashSet<>();
      for (int j : truth[i]) {
        rows.add(j);
      }
      total += truth[i].length;
      for (int j : found[i]) {
        if (rows.contains(j)) {
          hits++;
        }
      }
    }
    return hits / (double) total;
  }
}
