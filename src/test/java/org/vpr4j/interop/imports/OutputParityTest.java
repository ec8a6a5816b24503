package org.vpr4j.interop.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;

class OutputParityTest {
  @Test
  void toleranceIsAbsoluteForUnitScaleAndRelativeAboveIt() {
    OutputParity small = OutputParity.compare("descriptor", "a vs b", 1, new float[] {0.5f, -0.25f},
        new float[] {0.50005f, -0.25f}, 1e-4);
    assertEquals(1e-4, small.tolerance(), 1e-12);
    assertTrue(small.passed());
    assertEquals(5e-5, small.maxAbsDiff(), 1e-7);

    OutputParity large = OutputParity.compare("logits", "a vs b", 1, new float[] {16f, -3f}, new float[] {16.001f, -3f},
        1e-4);
    assertEquals(16.0, large.scale(), 0);
    assertTrue(large.passed(), "1e-3 on values of 16 is within 1e-4 relative");

    assertFalse(OutputParity.compare("mask", "a vs b", 1, new float[] {0.5f}, new float[] {0.5002f}, 1e-4).passed());
  }

  @Test
  void nanNeverPasses() {
    OutputParity p = OutputParity.compare("mask", "a vs b", 1, new float[] {0.1f, 0.2f}, new float[] {0.1f, Float.NaN},
        1e-4);
    assertTrue(Double.isNaN(p.maxAbsDiff()));
    assertFalse(p.passed());
  }

  @Test
  void differentSizesAreAShapeError() {
    VprException e = assertThrows(VprException.class,
        () -> OutputParity.compare("descriptor", "x vs y", 1, new float[4], new float[6], 1e-4));
    assertTrue(e.getMessage().contains("'descriptor' has 4 values on one side and 6"), e.getMessage());
  }

  @Test
  void nchwToNhwcMovesChannelsLast() {
    // n=1, c=2, h=1, w=3: channel planes [0 1 2] and [10 11 12]
    float[] nchw = {0, 1, 2, 10, 11, 12};
    assertArrayEquals(new float[] {0, 10, 1, 11, 2, 12}, OutputParity.nchwToNhwc(nchw, 1, 2, 1, 3));
    float[] one = {1, 2, 3, 4};
    assertArrayEquals(one, OutputParity.nchwToNhwc(one, 2, 1, 1, 2), "one channel: same order");
  }
}
