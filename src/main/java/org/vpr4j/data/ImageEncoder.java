package org.vpr4j.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes an {@link RgbImage} as PNG or JPEG bytes (for thumbnails, exports and checks). */
public final class ImageEncoder {
  private ImageEncoder() {}

  public static BufferedImage toBufferedImage(RgbImage img) {
    BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
    byte[] p = img.pixels();
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        int i = (y * img.width() + x) * 3;
        out.setRGB(x, y, (p[i] & 0xff) << 16 | (p[i + 1] & 0xff) << 8 | (p[i + 2] & 0xff));
      }
    }
    return out;
  }

  public static byte[] png(RgbImage img) {
    return encode(toBufferedImage(img), "png");
  }

  public static byte[] jpeg(RgbImage img) {
    return encode(toBufferedImage(img), "jpg");
  }

  private static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no " + format + " writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
