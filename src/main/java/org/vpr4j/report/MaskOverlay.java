package org.vpr4j.report;

import org.vpr4j.data.RgbImage;

/**
 * Shows a de-attention mask on its image. The mask lives on the coarse feature grid (30 x 40 at
 * 640 x 480) with values in (0, 1): 1 keeps a location, 0 de-attends it (SPEC §4.3). It is
 * stretched bilinearly to the image and the de-attended part is tinted red, in proportion to
 * {@code 1 - mask}, so the red regions are what the model learned to ignore. The result puts the
 * plain image and the tinted one side by side.
 */
public final class MaskOverlay {
  /** Opacity of the red tint where the mask is 0. */
  static final double MAX_TINT = 0.65;

  private MaskOverlay() {}

  /**
   * @param image the image as the model saw it
   * @param mask row-major {@code maskHeight x maskWidth} values in [0, 1]
   * @return an image twice as wide: the plain image, then the image with the mask overlaid
   */
  public static RgbImage sideBySide(RgbImage image, float[] mask, int maskHeight, int maskWidth) {
    if (maskHeight <= 0 || maskWidth <= 0 || mask.length != maskHeight * maskWidth) {
      throw new IllegalArgumentException(mask.length + " mask values for a " + maskHeight + "x" + maskWidth + " grid");
    }
    int w = image.width();
    int h = image.height();
    byte[] out = new byte[2 * w * h * 3];
    byte[] in = image.pixels();
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, y * w * 3, out, y * 2 * w * 3, w * 3);
      for (int x = 0; x < w; x++) {
        double keep = clamp(sample(mask, maskHeight, maskWidth, (x + 0.5) * maskWidth / w - 0.5,
            (y + 0.5) * maskHeight / h - 0.5));
        double tint = MAX_TINT * (1 - keep);
        int src = (y * w + x) * 3;
        int dst = (y * 2 * w + w + x) * 3;
        out[dst] = (byte) Math.round((in[src] & 0xff) * (1 - tint) + 255 * tint);
        out[dst + 1] = (byte) Math.round((in[src + 1] & 0xff) * (1 - tint));
        out[dst + 2] = (byte) Math.round((in[src + 2] & 0xff) * (1 - tint));
      }
    }
    return new RgbImage(2 * w, h, out);
  }

  /** Bilinear sample at grid coordinates (gx, gy), edges clamped (half-pixel centres, as align_corners=False). */
  static double sample(float[] grid, int gh, int gw, double gx, double gy) {
    gx = Math.max(0, Math.min(gw - 1, gx));
    gy = Math.max(0, Math.min(gh - 1, gy));
    int x0 = (int) Math.floor(gx);
    int y0 = (int) Math.floor(gy);
    int x1 = Math.min(gw - 1, x0 + 1);
    int y1 = Math.min(gh - 1, y0 + 1);
    double fx = gx - x0;
    double fy = gy - y0;
    double top = grid[y0 * gw + x0] * (1 - fx) + grid[y0 * gw + x1] * fx;
    double bottom = grid[y1 * gw + x0] * (1 - fx) + grid[y1 * gw + x1] * fx;
    return top * (1 - fy) + bottom * fy;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
