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

  /**
   * Computes again, directly, the squared distance of every kept neighbour that lies within
   * {@code share} of its query's squared length, and re-ranks that query's neighbours. The
   * expanded form |q|^2 - 2 q.x + |x|^2 loses the small distances of near-duplicates to float32
   * cancellation (an image searched for itself came back at 0.0009 instead of 0); a direct sum has
   * no such error. Such neighbours are rare, so their rows are read one at a time.
   */
  void refineNear(DescriptorStore queries, DescriptorStore database, double share) {
    // One query row at a time: this runs beside the search's own staging arrays, under any heap.
    for (int q = 0; q < d2.length; q++) {
      float[] query = queries.read(q, 1);
      double length = 0;
      for (float v : query) {
        length += (double) v * v;
      }
      boolean changed = false;
      for (int r = 0; r < filled[q]; r++) {
        if (d2[q][r] < share * length) {
          d2[q][r] = (float) VectorDistance.squaredEuclidean(query, database.read(idx[q][r], 1));
          changed = true;
        }
      }
      if (changed) {
        sortByDistanceThenIndex(q);
      }
    }
  }

  /** Insertion sort of one query's k entries (few, and nearly in order). */
  private void sortByDistanceThenIndex(int q) {
    for (int a = 1; a < filled[q]; a++) {
      float d = d2[q][a];
      int i = idx[q][a];
      int b = a - 1;
      while (b >= 0 && (d2[q][b] > d || d2[q][b] == d && idx[q][b] > i)) {
        d2[q][b + 1] = d2[q][b];
        idx[q][b + 1] = idx[q][b];
        b--;
      }
      d2[q][b + 1] = d;
      idx[q][b + 1] = i;
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
