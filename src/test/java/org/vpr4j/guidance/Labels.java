package org.vpr4j.guidance;

import org.vpr4j.data.TrainIdImage;

/** Hand-made label images for tests (written with {@code LabelImages.write}). */
final class Labels {
  private Labels() {}

  /** An image of {@code background} with a rectangle [x0, x1) x [y0, y1) of {@code id}. */
  static TrainIdImage block(int w, int h, int background, int id, int x0, int y0, int x1, int y1) {
    byte[] ids = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean inside = x >= x0 && x < x1 && y >= y0 && y < y1;
        ids[y * w + x] = (byte) (inside ? id : background);
      }
    }
    return new TrainIdImage(w, h, ids);
  }
}
