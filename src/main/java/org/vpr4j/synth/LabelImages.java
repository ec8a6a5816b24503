package org.vpr4j.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.vpr4j.VprException;

/**
 * Label images of a dataset: 8-bit grey PNGs holding Cityscapes train ids, stored under
 * {@code ROOT/labels/} with the same relative path as the picture they describe
 * ({@code ROOT/000/000012_yaw2.jpg} has {@code ROOT/labels/000/000012_yaw2.png},
 * {@code ROOT/queries_real/000/000012_q0.jpg} has {@code ROOT/labels/queries_real/000/000012_q0.png}).
 */
public final class LabelImages {
  /** Folder under the dataset root that mirrors the image tree. */
  public static final String FOLDER = "labels";

  private LabelImages() {}

  /**
   * Where the label image of {@code image} lives. A relative {@code image} is taken relative to
   * {@code datasetRoot}, as the names in a {@code dbStruct} are.
   */
  public static Path labelPathFor(Path datasetRoot, Path image) {
    Path root = datasetRoot.toAbsolutePath().normalize();
    Path file = (image.isAbsolute() ? image : root.resolve(image)).toAbsolutePath().normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new VprException("image " + image + " is not inside the dataset root " + datasetRoot
          + ", so it has no label image there");
    }
    Path relative = root.relativize(file);
    String name = relative.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String png = (dot > 0 ? name.substring(0, dot) : name) + ".png";
    return root.resolve(FOLDER).resolve(relative).resolveSibling(png);
  }

  /** Reads a label PNG; anything but a single-channel 8-bit image is refused. */
  public static LabelImage read(Path png) {
    if (!Files.isRegularFile(png)) {
      throw new VprException("label image " + png + " does not exist");
    }
    BufferedImage img;
    try {
      img = ImageIO.read(png.toFile());
    } catch (IOException e) {
      throw new VprException("label image " + png + " cannot be read: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new VprException("label image " + png + " is not an image format Java can read");
    }
    Raster raster = img.getRaster();
    if (raster.getNumBands() != 1 || raster.getSampleModel().getSampleSize(0) != 8 || img.getColorModel()
        instanceof java.awt.image.IndexColorModel) {
      throw new VprException("label image " + png + " must be an 8-bit grey PNG of train ids, but has "
          + raster.getNumBands() + " channel(s) of " + raster.getSampleModel().getSampleSize(0) + " bits");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] ids = new byte[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        ids[y * w + x] = (byte) row[x];
      }
    }
    return new LabelImage(w, h, ids);
  }

  /** Writes {@code labels} as an 8-bit grey PNG. */
  public static void write(Path png, LabelImage labels) {
    BufferedImage img = new BufferedImage(labels.width(), labels.height(), BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(labels.trainIds(), 0, data, 0, data.length);
    try {
      if (!ImageIO.write(img, "png", png.toFile())) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write label image " + png + ": " + e.getMessage(), e);
    }
  }
}
