package org.vpr4j.eval;

/**
 * The k smallest squared distances seen so far for each query, kept sorted, merged block by block
 * as database blocks are searched in increasing index order. On equal distances the lower
 * database index ranks first, which holds because earlier blocks have lower indices and each
 * block's candidates arrive already ordered that way.
 */
final class RunningTopK {
  private final int k;
  private final float[][] d2;
  private final int[][] idx;
  private final int[] filled;
  private final float[] mergedD2;
  private final int[] mergedIdx;

  RunningTopK(int numQueries, int k) {
    this.k = k;
    this.d2 = new float[numQueries][k];
    this.idx = new int[numQueries][k];
    this.filled = new int[numQueries];
    this.mergedD2 = new float[k];
    this.mergedIdx = new int[k];
  }

  /**
   * Merges candidates for queries {@code firstQuery .. firstQuery + queryCount - 1}: row {@code
   * i} of the row-major {@code [queryCount, width]} arrays holds that query's best {@code width}
   * candidates of one block, sorted by squared distance, with indices relative to {@code
   * indexOffset}. Blocks must be merged in increasing {@code indexOffset}.
   */
  void merge(int firstQuery, int queryCount, int width, float[] blockD2, int[] blockIdx, int indexOffset) {
    for (int i = 0; i < queryCount; i++) {
      int q = firstQuery + i;
      int base = i * width;
      int a = 0;
      int b = 0;
      int out = 0;
      int have = filled[q];
      while (out < k && (a < have || b < width)) {
        // "<=" keeps the earlier (lower-index) entry first on equal distances.
        boolean takeOld = b >= width || (a < have && d2[q][a] <= blockD2[base + b]);
        if (takeOld) {
          mergedD2[out] = d2[q][a];
          mergedIdx[out++] = idx[q][a++];
        } else {
          mergedD2[out] = blockD2[base + b];
          mergedIdx[out++] = indexOffset + blockIdx[base + b++];
        }
      }
      System.arraycopy(mergedD2, 0, d2[q], 0, out);
      System.arraycopy(mergedIdx, 0, idx[q], 0, out);
      filled[q] = out;
    }
  }

  /** The final neighbours, distances converted to Euclidean (negative rounding clamped to 0). */
  SearchResult toResult() {
    checkFilled();
    float[][] dist = new float[d2.length][k];
    for (int q = 0; q < d2.length; q++) {
      for (int r = 0; r < k; r++) {
        dist[q][r] = (float) Math.sqrt(Math.max(0f, d2[q][r]));
      }
    }
    return new SearchResult(idx, dist);
  }

  /** The final neighbours with their squared distances, as merged. */
  SearchResult toSquaredResult() {
    checkFilled();
    return new SearchResult(idx, d2);
  }

  private void checkFilled() {
    for (int q = 0; q < d2.length; q++) {
      if (filled[q] != k) {
        throw new IllegalStateException("query " + q + " has only " + filled[q] + " of " + k + " neighbours");
      }
    }
  }
}
