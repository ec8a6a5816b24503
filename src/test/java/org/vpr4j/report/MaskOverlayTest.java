package org.vpr4j.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vpr4j.data.RgbImage;

/** The mask overlay: kept regions unchanged, de-attended regions tinted red. */
class MaskOverlayTest {
  private static RgbImage grey(int w, int h, int level) {
    byte[] p = new byte[w * h * 3];
    Arrays.fill(p, (byte) level);
    return new RgbImage(w, h, p);
  }

  @Test
  void maskOfOnesLeavesTheImageAndZerosTintIt() {
    RgbImage img = grey(8, 4, 100);
    float[] mask = {1, 0}; // left half kept, right half de-attended
    RgbImage out = MaskOverlay.panels(img, 1, 2, mask);
    assertEquals(16, out.width());
    assertEquals(4, out.height());
    for (int c = 0; c < 3; c++) {
      assertEquals(100, out.get(3, 2, c), "the left copy is the plain image");
    }
    assertArrayEquals(new int[] {100, 100, 100}, rgb(out, 8, 1), "leftmost column of the overlay: mask 1");
    int tinted = (int) Math.round(100 * (1 - MaskOverlay.MAX_TINT) + 255 * MaskOverlay.MAX_TINT);
    int dark = (int) Math.round(100 * (1 - MaskOverlay.MAX_TINT));
    assertArrayEquals(new int[] {tinted, dark, dark}, rgb(out, 15, 1), "rightmost column: mask 0, red");
    int middle = rgb(out, 12, 1)[0];
    assertEquals(true, middle > 100 && middle < tinted, "bilinear in between: " + middle);
  }

  @Test
  void eachMaskGetsItsOwnPanel() {
    RgbImage out = MaskOverlay.panels(grey(8, 4, 100), 1, 2, new float[] {1, 1}, new float[] {0, 0});
    assertEquals(24, out.width());
    assertArrayEquals(new int[] {100, 100, 100}, rgb(out, 12, 2), "predicted mask of ones: unchanged");
    int tinted = (int) Math.round(100 * (1 - MaskOverlay.MAX_TINT) + 255 * MaskOverlay.MAX_TINT);
    assertEquals(tinted, rgb(out, 20, 2)[0], "target mask of zeros: red everywhere");
  }

  @Test
  void maskSizeMustMatchTheGrid() {
    assertThrows(IllegalArgumentException.class, () -> MaskOverlay.panels(grey(4, 4, 0), 2, 2, new float[3]));
    assertThrows(IllegalArgumentException.class,
        () -> MaskOverlay.panels(grey(4, 4, 0), 2, 2, new float[4], new float[5]));
    assertThrows(IllegalArgumentException.class, () -> MaskOverlay.panels(grey(4, 4, 0), 2, 2));
  }

  private static int[] rgb(RgbImage img, int x, int y) {
    return new int[] {img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)};
  }
}
