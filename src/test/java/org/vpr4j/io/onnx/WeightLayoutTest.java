package org.vpr4j.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WeightLayoutTest {

  @Test
  void convWeightOfTwoFiltersMovesTheOutputChannelLast() {
    // OIHW [2, 1, 1, 2]: filter 0 = (a, b), filter 1 = (c, d) along the width.
    float[] oihw = {1, 2, 3, 4};
    float[] hwio = OnnxWeights.oihwToHwio(oihw, new long[] {2, 1, 1, 2});
    // HWIO [1, 2, 1, 2]: at x = 0 both filters (a, c), at x = 1 (b, d).
    assertArrayEquals(new float[] {1, 3, 2, 4}, hwio);
  }

  @Test
  void convWeightEveryElementLandsAtItsTransposedIndex() {
    int outs = 3, ins = 2, height = 2, width = 3;
    float[] oihw = new float[outs * ins * height * width];
    for (int o = 0; o < outs; o++) {
      for (int i = 0; i < ins; i++) {
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            oihw[((o * ins + i) * height + y) * width + x] = 1000 * o + 100 * i + 10 * y + x;
          }
        }
      }
    }
    float[] hwio = OnnxWeights.oihwToHwio(oihw, new long[] {outs, ins, height, width});
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int i = 0; i < ins; i++) {
          for (int o = 0; o < outs; o++) {
            assertEquals(1000 * o + 100 * i + 10 * y + x, hwio[((y * width + x) * ins + i) * outs + o]);
          }
        }
      }
    }
  }

  @Test
  void linearWeightIsTransposed() {
    // [out = 2, in = 3] -> [in = 3, out = 2]
    float[] outIn = {1, 2, 3, 4, 5, 6};
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, OnnxWeights.linearToInOut(outIn, new long[] {2, 3}));
  }

  @Test
  void rejectsAShapeThatDoesNotFitTheValues() {
    assertThrows(IllegalArgumentException.class, () -> OnnxWeights.oihwToHwio(new float[8], new long[] {2, 2, 2}));
    assertThrows(IllegalArgumentException.class, () -> OnnxWeights.oihwToHwio(new float[8], new long[] {2, 2, 2, 2}));
    assertThrows(IllegalArgumentException.class, () -> OnnxWeights.linearToInOut(new float[6], new long[] {6}));
  }
}
