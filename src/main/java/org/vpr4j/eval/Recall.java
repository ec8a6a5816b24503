package org.vpr4j.eval;

import java.util.Arrays;

/**
 * Recall@N as the reference code computes it: the share of all queries with at least one
 * ground-truth database index among their top N predictions. Queries without any ground truth
 * cannot be matched and count as misses; {@link #queriesWithoutGroundTruth} says how many there
 * were.
 *
 * @param ns the N values, ascending
 * @param recalls recall for each N, in [0, 1]
 * @param numQueries queries evaluated
 * @param queriesWithoutGroundTruth queries with no database image inside the radius
 * @param firstCorrectRank for each query the rank (0-based) of its first correct prediction, or
 *     -1 if none of its predictions is correct
 */
public record Recall(int[] ns, double[] recalls, int numQueries, int queriesWithoutGroundTruth, int[] firstCorrectRank) {

  /** The N values of the paper's evaluation (SPEC §8), as a fresh array. */
  public static int[] defaultNs() {
    return new int[] {1, 2, 3, 4, 5, 10, 15, 20, 25};
  }

  /**
   * Computes recall@N for each of {@code ns}.
   *
   * @param predictions for each query its ranked database indices, at least {@code max(ns)} of them
   * @param groundTruth for each query the database indices that count as correct (any order)
   * @throws IllegalArgumentException if the arrays disagree in length, an N is not positive, or a
   *     query has fewer than {@code max(ns)} predictions
   */
  public static Recall atN(int[][] predictions, int[][] groundTruth, int[] ns) {
    return compute(predictions, groundTruth, ns, false);
  }

  /**
   * Recall@N where a query may have fewer than {@code max(ns)} predictions (an evaluation
   * protocol removed some of its candidates): the ranks it lacks count as misses.
   */
  public static Recall atNOfShortLists(int[][] predictions, int[][] groundTruth, int[] ns) {
    return compute(predictions, groundTruth, ns, true);
  }

  private static Recall compute(int[][] predictions, int[][] groundTruth, int[] ns, boolean shortListsAllowed) {
    if (predictions.length != groundTruth.length) {
      throw new IllegalArgumentException(
          predictions.length + " queries have predictions but " + groundTruth.length + " have ground truth");
    }
    int[] sortedNs = ns.clone();
    Arrays.sort(sortedNs);
    if (sortedNs.length == 0 || sortedNs[0] < 1) {
      throw new IllegalArgumentException("recall needs N values of at least 1, got " + Arrays.toString(ns));
    }
    int maxN = sortedNs[sortedNs.length - 1];
    int numQueries = predictions.length;
    int[] firstCorrect = new int[numQueries];
    int withoutGroundTruth = 0;
    for (int q = 0; q < numQueries; q++) {
      if (predictions[q].length < maxN && !shortListsAllowed) {
        throw new IllegalArgumentException(
            "query " + q + " has " + predictions[q].length + " predictions, recall@" + maxN + " needs " + maxN);
      }
      int[] truth = groundTruth[q].clone();
      Arrays.sort(truth);
      if (truth.length == 0) {
        withoutGroundTruth++;
      }
      firstCorrect[q] = -1;
      for (int r = 0; r < predictions[q].length; r++) {
        if (Arrays.binarySearch(truth, predictions[q][r]) >= 0) {
          firstCorrect[q] = r;
          break;
        }
      }
    }
    double[] recalls = new double[sortedNs.length];
    for (int i = 0; i < sortedNs.length; i++) {
      int hits = 0;
      for (int rank : firstCorrect) {
        if (rank >= 0 && rank < sortedNs[i]) {
          hits++;
        }
      }
      recalls[i] = numQueries == 0 ? 0 : (double) hits / numQueries;
    }
    return new Recall(sortedNs, recalls, numQueries, withoutGroundTruth, firstCorrect);
  }

  /** Recall at one of the computed N values. */
  public double at(int n) {
    int i = Arrays.binarySearch(ns, n);
    if (i < 0) {
      throw new IllegalArgumentException("recall@" + n + " was not computed; N values are " + Arrays.toString(ns));
    }
    return recalls[i];
  }
}
