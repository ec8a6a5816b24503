package org.vpr4j.report;

import org.vpr4j.data.RgbImage;

/**
 * Shows de-attention masks on their image. A mask lives on the coarse feature grid (30 x 40 at
 * 640 x 480) with values in (0, 1): 1 keeps a location, 0 de-attends it (docs/guidance.md). It is
 * stretched bilinearly to the image and the de-attended part is tinted red, in proportion to
 * {@code 1 - mask}, so the red regions are what is ignored. The result puts the plain image and
 * one tinted copy per mask side by side (for instance the predicted mask, then the target).
 */
public final class MaskOverlay {
  /** Opacity of the red tint where the mask is 0. */
  static final double MAX_TINT = 0.65;

  private MaskOverlay() {}

  /**
   * @param image the image as the model saw it
   * @param maskHeight rows of every mask's grid
   * @param maskWidth columns of every mask's grid
   * @param masks one or more row-major {@code maskHeight x maskWidth} grids with values in [0, 1]
   * @return an image {@code 1 + masks.length} times as wide: the plain image, then the image under each mask
   */
  public static RgbImage panels(RgbImage image, int maskHeight, int maskWidth, float[]... masks) {
    if (masks.length == 0) {
      throw new IllegalArgumentException("no mask to draw");
    }
    for (float[] mask : masks) {
      if (maskHeight <= 0 || maskWidth <= 0 || mask.length != maskHeight * maskWidth) {
        throw new IllegalArgumentException(mask.length + " mask values for a " + maskHeight + "x" + maskWidth + " grid");
      }
    }
    int w = image.width();
    int h = image.height();
    int stride = (1 + masks.length) * w * 3;
    byte[] out = new byte[stride * h];
    byte[] in = image.pixels();
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, y * w * 3, out, y * stride, w * 3);
      for (int x = 0; x < w; x++) {
        double gx = (x + 0.5) * maskWidth / w - 0.5;
        double gy = (y + 0.5) * maskHeight / h - 0.5;
        int src = (y * w + x) * 3;
        for (int m = 0; m < masks.length; m++) {
          double tint = MAX_TINT * (1 - clamp(sample(masks[m], maskHeight, maskWidth, gx, gy)));
          int dst = y * stride + ((m + 1) * w + x) * 3;
          out[dst] = (byte) Math.round((in[src] & 0xff) * (1 - tint) + 255 * tint);
          out[dst + 1] = (byte) Math.round((in[src + 1] & 0xff) * (1 - tint));
          out[dst + 2] = (byte) Math.round((in[src + 2] & 0xff) * (1 - tint));
        }
      }
    }
    return new RgbImage((1 + masks.length) * w, h, out);
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
