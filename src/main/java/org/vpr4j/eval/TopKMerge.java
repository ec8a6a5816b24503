package org.vpr4j.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Merges the top k of several database parts into the top k of the whole database. Each part was
 * searched by {@link ExactSearch#searchSquared}, and its row numbers are mapped to database-wide
 * indices; candidates are ordered by squared distance, then by the lower database index, the
 * order {@link ExactSearch} keeps within one search, so the merge ranks as one search would.
 */
public final class TopKMerge {
  private TopKMerge() {}

  /**
   * One part's answer: for each query its nearest rows of the part, squared distances ascending,
   * with database-wide indices.
   */
  public record Part(int[][] indices, float[][] squaredDistances) implements java.io.Serializable {}

  /**
   * The {@code k} nearest over all parts, with Euclidean distances.
   *
   * @throws IllegalArgumentException if the parts disagree on the number of queries or hold fewer
   *     than {@code k} candidates for a query
   */
  public static SearchResult merge(List<Part> parts, int numQueries, int k) {
    RunningTopK best = new RunningTopK(numQueries, k);
    for (int q = 0; q < numQueries; q++) {
      int total = 0;
      for (Part p : parts) {
        if (p.indices().length != numQueries) {
          throw new IllegalArgumentException("a part answers " + p.indices().length + " queries, expected " + numQueries);
        }
        total += p.indices()[q].length;
      }
      if (total < k) {
        throw new IllegalArgumentException("query " + q + " has " + total + " candidates, fewer than k = " + k);
      }
      float[] d2 = new float[total];
      int[] idx = new int[total];
      int n = 0;
      for (Part p : parts) {
        for (int r = 0; r < p.indices()[q].length; r++) {
          d2[n] = p.squaredDistances()[q][r];
          idx[n] = p.indices()[q][r];
          n++;
        }
      }
      Integer[] byRank = new Integer[total];
      for (int i = 0; i < total; i++) {
        byRank[i] = i;
      }
      Arrays.sort(byRank, (a, b) -> {
        int c = Float.compare(d2[a], d2[b]);
        return c != 0 ? c : Integer.compare(idx[a], idx[b]);
      });
      int width = Math.min(k, total);
      float[] blockD2 = new float[width];
      int[] blockIdx = new int[width];
      for (int r = 0; r < width; r++) {
        blockD2[r] = d2[byRank[r]];
        blockIdx[r] = idx[byRank[r]];
      }
      best.merge(q, 1, width, blockD2, blockIdx, 0);
    }
    return best.toResult();
  }
}
