package org.vpr4j.data;

/**
 * One Cityscapes train id ({@link CityscapesClass}, or 255 for void) per pixel, row-major, as
 * unsigned bytes: a label image, or a segmenter's argmax.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param ids {@code width * height} train ids (read as {@code b & 0xFF})
 */
public record TrainIdImage(int width, int height, byte[] ids) {
  public TrainIdImage {
    if (width < 1 || height < 1 || ids.length != (long) width * height) {
      throw new IllegalArgumentException(ids.length + " train ids for a " + width + "x" + height + " image");
    }
  }

  /** The train id at column {@code x}, row {@code y}. */
  public int at(int x, int y) {
    return ids[y * width + x] & 0xFF;
  }

  /**
   * This image at another size by nearest neighbour on pixel centres (Pillow's NEAREST): target
   * pixel x takes source pixel {@code floor((x + 0.5) * width / newWidth)}. Labels must not be
   * blended, so no other filter applies.
   */
  public TrainIdImage resizeNearest(int newWidth, int newHeight) {
    if (newWidth == width && newHeight == height) {
      return this;
    }
    int[] columns = new int[newWidth];
    for (int x = 0; x < newWidth; x++) {
      columns[x] = Math.min(width - 1, (int) ((x + 0.5) * width / newWidth));
    }
    byte[] out = new byte[newWidth * newHeight];
    for (int y = 0; y < newHeight; y++) {
      int sy = Math.min(height - 1, (int) ((y + 0.5) * height / newHeight));
      for (int x = 0; x < newWidth; x++) {
        out[y * newWidth + x] = ids[sy * width + columns[x]];
      }
    }
    return new TrainIdImage(newWidth, newHeight, out);
  }
}
