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
}
