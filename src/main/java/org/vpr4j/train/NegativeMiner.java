package org.vpr4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.vpr4j.eval.VectorDistance;

/**
 * Hard-negative mining (docs/training.md) for one query, on cached descriptors: the nearest
 * non-trivial positive, then among {@code sampled} random negatives (with replacement, then
 * de-duplicated) the nearest hundred, of which those closer than d_pos + margin are kept, up to
 * {@code perQuery}, nearest first.
 */
public final class NegativeMiner {

  /** The mined tuple: positive and negatives are database indices. */
  public record Tuple(int query, int positive, int[] negatives, float positiveDistance) {}

  private final RowSource cache;
  private final int numDb;
  private final int sampled;
  private final int perQuery;
  private final double margin;

  /**
   * @param numDb number of database rows at the start of the cache (queries follow)
   */
  public NegativeMiner(RowSource cache, int numDb, int sampled, int perQuery, double margin) {
    this.cache = cache;
    this.numDb = numDb;
    this.sampled = sampled;
    this.perQuery = perQuery;
    this.margin = margin;
  }

  /**
   * @param query query index (its cache row is numDb + query)
   * @param positives its non-trivial positives (database indices)
   * @param negativePool database indices farther than posDistThr from it
   * @return the tuple, or {@code null} when no negative violates the margin (the query is skipped)
   */
  public Tuple mine(int query, int[] positives, int[] negativePool, SplittableRandom rng) {
    float[] q = new float[cache.dim()];
    cache.row(numDb + query, q);
    float[] x = new float[cache.dim()];

    int bestPositive = -1;
    double bestPositiveDistance = Double.POSITIVE_INFINITY;
    for (int p : positives) {
      cache.row(p, x);
      double d = VectorDistance.euclidean(q, x);
      if (d < bestPositiveDistance) {
        bestPositiveDistance = d;
        bestPositive = p;
      }
    }
    if (bestPositive < 0 || negativePool.length == 0) {
      return null;
    }
    int[] sample = new int[sampled];
    for (int i = 0; i < sampled; i++) {
      sample[i] = negativePool[rng.nextInt(negativePool.length)];
    }
    int[] candidates = Arrays.stream(sample).distinct().sorted().toArray();
    double[] dist = new double[candidates.length];
    Integer[] order = new Integer[candidates.length];
    for (int i = 0; i < candidates.length; i++) {
      cache.row(candidates[i], x);
      dist[i] = VectorDistance.euclidean(q, x);
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> dist[a] != dist[b] ? Double.compare(dist[a], dist[b]) : Integer.compare(a, b));
    int nearest = Math.min(order.length, perQuery * 10);
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < nearest && kept.size() < perQuery; i++) {
      if (dist[order[i]] < bestPositiveDistance + margin) {
        kept.add(candidates[order[i]]);
      }
    }
    if (kept.isEmpty()) {
      return null;
    }
    return new Tuple(query, bestPositive, kept.stream().mapToInt(Integer::intValue).toArray(),
        (float) bestPositiveDistance);
  }
}
