package org.vpr4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NegativeMinerTest {
  /** One-dimensional descriptors: the value is the position on a line. */
  static RowSource line(float... values) {
    return new RowSource() {
      @Override
      public int dim() {
        return 1;
      }

      @Override
      public void row(int i, float[] dst) {
        dst[0] = values[i];
      }
    };
  }

  // Database rows 0..5, then one query (row 6) at 0.0.
  static final RowSource CACHE = line(0.30f, 0.10f, 0.15f, 0.35f, 0.90f, 0.05f, 0.0f);

  @Test
  void keepsTheNegativesInsideTheMarginNearestFirst() {
    // Positives 0 and 1: the nearest is 1 (d = 0.10). Margin 0.1 -> negatives closer than 0.2.
    NegativeMiner miner = new NegativeMiner(CACHE, 6, 1000, 10, 0.1);
    NegativeMiner.Tuple t = miner.mine(0, new int[] {0, 1}, new int[] {2, 3, 4, 5}, new SplittableRandom(1));
    assertEquals(1, t.positive());
    assertEquals(0.10f, t.positiveDistance(), 1e-6f);
    assertArrayEquals(new int[] {5, 2}, t.negatives());
  }

  @Test
  void capsTheNumberOfNegatives() {
    NegativeMiner miner = new NegativeMiner(CACHE, 6, 1000, 1, 10.0);
    NegativeMiner.Tuple t = miner.mine(0, new int[] {0}, new int[] {2, 3, 4, 5}, new SplittableRandom(1));
    assertArrayEquals(new int[] {5}, t.negatives());
  }

  @Test
  void skipsAQueryWithoutHardNegatives() {
    NegativeMiner miner = new NegativeMiner(CACHE, 6, 1000, 10, 0.1);
    assertNull(miner.mine(0, new int[] {5}, new int[] {3, 4}, new SplittableRandom(1)));
    assertNull(miner.mine(0, new int[] {}, new int[] {3, 4}, new SplittableRandom(1)));
  }
}
