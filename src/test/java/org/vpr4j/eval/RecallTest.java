package org.vpr4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RecallTest {
  // Five queries, top 4 predictions each.
  private static final int[][] PREDICTIONS = {
      {7, 1, 2, 3}, // correct at rank 0
      {4, 5, 9, 6}, // correct at rank 2
      {1, 2, 3, 4}, // never correct
      {8, 0, 1, 2}, // correct at rank 1 (two truths in the list)
      {0, 1, 2, 3}, // no ground truth at all: a miss
  };
  private static final int[][] GROUND_TRUTH = {{7}, {9, 11}, {10}, {2, 0}, {}};

  @Test
  void countsQueriesWithAHitInTheTopN() {
    Recall r = Recall.atN(PREDICTIONS, GROUND_TRUTH, new int[] {4, 1, 2, 3});
    assertArrayEquals(new int[] {1, 2, 3, 4}, r.ns());
    assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.6}, r.recalls(), 1e-12);
    assertEquals(0.4, r.at(2), 1e-12);
    assertEquals(5, r.numQueries());
    assertEquals(1, r.queriesWithoutGroundTruth());
    assertArrayEquals(new int[] {0, 2, -1, 1, -1}, r.firstCorrectRank());
  }

  @Test
  void rejectsTooFewPredictionsAndMismatchedLengths() {
    assertThrows(IllegalArgumentException.class, () -> Recall.atN(PREDICTIONS, GROUND_TRUTH, new int[] {1, 5}));
    assertThrows(IllegalArgumentException.class, () -> Recall.atN(PREDICTIONS, new int[][] {{1}}, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> Recall.atN(PREDICTIONS, GROUND_TRUTH, new int[] {0}));
    assertThrows(IllegalArgumentException.class,
        () -> Recall.atN(PREDICTIONS, GROUND_TRUTH, new int[] {1}).at(3));
  }

  @Test
  void defaultNsAreThePapers() {
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 10, 15, 20, 25}, Recall.defaultNs());
  }
}
