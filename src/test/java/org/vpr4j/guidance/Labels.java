package org.vpr4j.guidance;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes hand-made label images (8-bit grey PNGs of train ids) for tests. */
final class Labels {
  private Labels() {}

  static void write(Path png, TrainIdImage ids) throws Exception {
    BufferedImage img = new BufferedImage(ids.width(), ids.height(), BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(ids.ids(), 0, data, 0, data.length);
    Files.createDirectories(png.getParent());
    ImageIO.write(img, "png", png.toFile());
  }

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
