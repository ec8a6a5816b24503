package org.vpr4j.train;

import java.util.ArrayList;
import java.util.List;
import org.vpr4j.VprException;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.GroundTruth;

/**
 * The training tuples' geometry (docs/training.md): for each query its non-trivial positives (database
 * images within sqrt(nonTrivPosDistSqThr), 10 m) and its pool of negatives (database images
 * farther than posDistThr, 25 m). Queries without a positive are dropped.
 */
public final class TrainingSet {
  private final PlaceDataset dataset;
  private final int[] queries;
  private final int[][] positives;
  private final int[][] negativePools;

  public TrainingSet(PlaceDataset dataset) {
    this.dataset = dataset;
    double positiveRadius = Math.sqrt(dataset.nonTrivPosDistSqThr());
    int[][] pos = GroundTruth.withinRadius(dataset.databaseUtm(), dataset.queryUtm(), positiveRadius);
    int[][] near = GroundTruth.withinRadius(dataset.databaseUtm(), dataset.queryUtm(), dataset.posDistThr());
    List<Integer> kept = new ArrayList<>();
    for (int q = 0; q < pos.length; q++) {
      if (pos[q].length > 0) {
        kept.add(q);
      }
    }
    if (kept.isEmpty()) {
      throw new VprException("training set " + dataset.name() + ": no query has a database image within "
          + positiveRadius + " m, so there is nothing to train on");
    }
    queries = kept.stream().mapToInt(Integer::intValue).toArray();
    positives = pos;
    negativePools = new int[pos.length][];
    for (int q : queries) {
      negativePools[q] = complement(near[q], dataset.numDb());
    }
  }

  public PlaceDataset dataset() {
    return dataset;
  }

  /** Indices of the queries that have at least one positive, ascending. */
  public int[] queries() {
    return queries.clone();
  }

  public int[] positives(int query) {
    return positives[query];
  }

  public int[] negativePool(int query) {
    return negativePools[query];
  }

  /** All database indices not in the sorted array {@code excluded}. */
  static int[] complement(int[] excluded, int n) {
    int[] out = new int[n - excluded.length];
    int j = 0;
    int o = 0;
    for (int i = 0; i < n; i++) {
      if (j < excluded.length && excluded[j] == i) {
        j++;
      } else {
        out[o++] = i;
      }
    }
    return out;
  }

  /**
   * Splits the queries in order into {@code ceil(n / size)} nearly equal parts, like numpy's
   * array_split (the first parts take the remainder): each part gets a fresh descriptor cache.
   */
  public static List<int[]> subsets(int[] queries, int size) {
    int parts = Math.max(1, (queries.length + size - 1) / size);
    List<int[]> out = new ArrayList<>();
    int base = queries.length / parts;
    int extra = queries.length % parts;
    int start = 0;
    for (int p = 0; p < parts; p++) {
      int len = base + (p < extra ? 1 : 0);
      out.add(java.util.Arrays.copyOfRange(queries, start, start + len));
      start += len;
    }
    return out;
  }
}
