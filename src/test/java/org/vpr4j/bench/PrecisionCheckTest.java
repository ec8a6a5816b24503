package org.vpr4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The agreement measures of the fp32 / bf16 comparison, on hand-made vectors. */
class PrecisionCheckTest {
  // Database rows 0..2, then two queries.
  private static final float[][] FP32 = {{0, 0}, {3, 0}, {0, 5}, {0, 0.9f}, {2, 0}};

  @Test
  void cosinesAndShiftsCompareRowByRow() {
    float[][] moved = {{0, 0}, {3, 0}, {0, 5}, {0, 0.9f}, {2, 0.5f}};
    double[] cos = PrecisionCheck.cosines(FP32, moved);
    assertEquals(1, cos[1], 1e-12);
    assertEquals(2 / Math.sqrt(4.25), cos[4], 1e-12);
    assertEquals(0.5, PrecisionCheck.maxShift(FP32, moved), 1e-7);
  }

  @Test
  void topOneGapIsMeasuredOnlyWhereTheFirstPredictionChanged() {
    int[][] fp32 = {{0, 1}, {1, 0}};
    int[][] same = {{0, 1}, {1, 0}};
    assertTrue(Double.isNaN(PrecisionCheck.top1Gap(FP32, 3, fp32, same)));
    assertEquals(1.0, PrecisionCheck.sameTop1(fp32, same));
    // Query 2 (row 4, at (2, 0)) now ranks row 0 first: fp32 distances 2 and 1 differ by 1.
    int[][] changed = {{0, 1}, {0, 1}};
    assertEquals(1.0, PrecisionCheck.top1Gap(FP32, 3, fp32, changed), 1e-7);
    assertEquals(0.5, PrecisionCheck.sameTop1(fp32, changed));
  }
}
