package org.vpr4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageResizerTest {

  /** Fixtures from src/test/resources/data/make_resize_fixtures.py (Pillow 9.4, Image.BICUBIC). */
  @ParameterizedTest(name = "97x61 -> {0}x{1}")
  @CsvSource({"40, 23", "130, 90", "50, 80", "97, 30", "64, 61", "64, 48"})
  void matchesPillowBicubic(int width, int height) throws Exception {
    RgbImage input = ImageDecoder.read(DbStructReaderTest.fixture("resize_input.png"));
    RgbImage pillow = ImageDecoder.read(DbStructReaderTest.fixture("resize_" + width + "x" + height + ".png"));

    RgbImage ours = ImageResizer.bicubic(input, width, height);

    assertEquals(width, ours.width());
    assertEquals(height, ours.height());
    assertEquals(width, pillow.width());
    assertEquals(height, pillow.height());
    assertTrue(maxAbsDifference(ours, pillow) <= 1, "max difference " + maxAbsDifference(ours, pillow));
  }

  @Test
  void flatImageStaysFlatDespiteNegativeLobes() {
    byte[] flat = new byte[17 * 9 * 3];
    Arrays.fill(flat, (byte) 201);

    RgbImage out = ImageResizer.bicubic(new RgbImage(17, 9, flat), 5, 23);

    for (byte b : out.pixels()) {
      assertEquals(201, b & 0xFF);
    }
  }

  @Test
  void sameSizeIsLeftAlone() {
    RgbImage image = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, 6});

    assertSame(image, ImageResizer.bicubic(image, 2, 1));
  }

  @Test
  void kernelIsPillowsCubicWithAMinusHalf() {
    assertEquals(1.0, ImageResizer.cubic(0), 0);
    assertEquals(0.5625, ImageResizer.cubic(0.5), 1e-15);
    assertEquals(-0.0625, ImageResizer.cubic(-1.5), 1e-15);
    assertEquals(0.0, ImageResizer.cubic(2), 0);
  }

  static int maxAbsDifference(RgbImage a, RgbImage b) {
    int max = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      max = Math.max(max, Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF)));
    }
    return max;
  }
}
