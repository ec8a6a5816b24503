package org.vpr4j.report;

import java.util.ArrayList;
import java.util.List;
import org.vpr4j.eval.Evaluation;

/**
 * Picks a few queries to show from an evaluation: some retrieved correctly at rank 1 and some
 * not, spread evenly over the query list so the examples are not all from one street.
 */
public final class ExampleQueries {
  private ExampleQueries() {}

  /** Up to {@code successes} correct-at-1 and {@code failures} wrong-at-1 query indices, in query order. */
  public static List<Integer> pick(Evaluation.Result r, int successes, int failures) {
    List<Integer> good = new ArrayList<>();
    List<Integer> bad = new ArrayList<>();
    for (int q = 0; q < r.numQ(); q++) {
      (correctAt1(r, q) ? good : bad).add(q);
    }
    List<Integer> out = new ArrayList<>(spread(good, successes));
    out.addAll(spread(bad, failures));
    out.sort(Integer::compare);
    return out;
  }

  /** True when the nearest database image of query {@code q} is a true match. */
  public static boolean correctAt1(Evaluation.Result r, int q) {
    return r.predictions()[q].length > 0 && isTrueMatch(r, q, r.predictions()[q][0]);
  }

  /** True when database image {@code db} is among the ground truth of query {@code q}. */
  public static boolean isTrueMatch(Evaluation.Result r, int q, int db) {
    for (int g : r.groundTruth()[q]) {
      if (g == db) {
        return true;
      }
    }
    return false;
  }

  private static List<Integer> spread(List<Integer> from, int count) {
    if (from.size() <= count) {
      return from;
    }
    List<Integer> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(from.get((int) ((long) i * from.size() / count)));
    }
    return out;
  }
}
