package org.vpr4j.interop.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ParityImagesTest {
  @Test
  void syntheticImagesAreDeterministicAndVaried() {
    ParityImages a = ParityImages.synthetic(2, 40, 30, 5);
    assertEquals(2 * 40 * 30 * 3, a.pixels().length);
    assertArrayEquals(a.pixels(), ParityImages.synthetic(2, 40, 30, 5).pixels());
    assertFalse(Arrays.equals(a.pixels(), ParityImages.synthetic(2, 40, 30, 6).pixels()));
    int[] histogram = new int[256];
    for (byte b : a.pixels()) {
      histogram[b & 0xFF]++;
    }
    long used = Arrays.stream(histogram).filter(n -> n > 0).count();
    assertTrue(used > 150, "a wide range of pixel values, got " + used);
    byte[] first = Arrays.copyOfRange(a.pixels(), 0, 40 * 30 * 3);
    byte[] second = Arrays.copyOfRange(a.pixels(), 40 * 30 * 3, 2 * 40 * 30 * 3);
    assertFalse(Arrays.equals(first, second), "the images differ from each other");
  }
}
