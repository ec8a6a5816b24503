package org.vpr4j.synth;

/**
 * A label image: one Cityscapes train id (0..18, or 255 for void) per pixel, row-major.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param trainIds {@code width * height} ids; read them with {@link #at} or {@code b & 0xFF}
 */
public record LabelImage(int width, int height, byte[] trainIds) {
  public LabelImage {
    if (trainIds.length != (long) width * height) {
      throw new IllegalArgumentException("label image of " + width + "x" + height + " needs "
          + (long) width * height + " ids, got " + trainIds.length);
    }
  }

  /** The train id at column {@code x}, row {@code y}, as 0..255. */
  public int at(int x, int y) {
    return trainIds[y * width + x] & 0xFF;
  }
}
