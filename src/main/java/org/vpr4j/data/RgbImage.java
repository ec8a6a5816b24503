package org.vpr4j.data;

/**
 * An 8-bit RGB image, pixels interleaved row by row ({@code R,G,B,R,G,B,...}), i.e. HWC.
 * The array is shared, not copied, because images are large and pass through several stages;
 * treat it as read-only.
 */
public record RgbImage(int width, int height, byte[] pixels) {

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (pixels.length != (long) width * height * 3) {
      throw new IllegalArgumentException(pixels.length + " bytes for a " + width + "x" + height + " RGB image");
    }
  }

  /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel ({@code x}, {@code y}), 0..255. */
  public int get(int x, int y, int c) {
    return pixels[(y * width + x) * 3 + c] & 0xFF;
  }
}
