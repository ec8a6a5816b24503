package org.vpr4j.data;

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
 * Label images of a dataset, written by the synthetic city and read by semantic guidance
 * (docs/guidance.md): an 8-bit single-channel PNG
 * of Cityscapes train ids under {@code ROOT/labels/} at the image's path relative to the root,
 * with the extension replaced by {@code .png} ({@code ROOT/000/0012_yaw2.jpg} has
 * {@code ROOT/labels/000/0012_yaw2.png}; {@code ROOT/queries_real/000/0012_q0.jpg} has
 * {@code ROOT/labels/queries_real/000/0012_q0.png}).
 */
public final class LabelImages {
  /** The folder under the dataset root that mirrors the image tree. */
  public static final String FOLDER = "labels";

  private LabelImages() {}

  /** The label image of {@code image}; a relative {@code image} is taken relative to {@code root}. */
  public static Path pathFor(Path root, Path image) {
    Path base = root.toAbsolutePath().normalize();
    Path file = base.resolve(image).toAbsolutePath().normalize();
    if (!file.startsWith(base) || file.equals(base)) {
      throw new VprException("image " + image + " is not inside the dataset root " + root
          + ", so it has no label image under " + base.resolve(FOLDER));
    }
    Path relative = base.relativize(file);
    String name = relative.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String png = (dot > 0 ? name.substring(0, dot) : name) + ".png";
    Path label = base.resolve(FOLDER).resolve(relative).resolveSibling(png);
    DatasetRoot.of(base).requireInside(label, "the label image of " + image);
    return label;
  }

  /**
   * Reads a label PNG as a {@link TrainIdImage}; refuses anything but a single 8-bit channel and
   * any value that is neither a train id (0..18) nor void (255).
   */
  public static TrainIdImage read(Path png) {
    if (!Files.isRegularFile(png)) {
      throw new VprException("label image " + png + " does not exist");
    }
    BufferedImage img = ImageDecoder.readStored(png); // the size limit and damage checks of every image
    Raster raster = img.getRaster();
    if (raster.getNumBands() != 1 || raster.getSampleModel().getSampleSize(0) != 8) {
      throw new VprException("label image " + png + " must be an 8-bit grey PNG of train ids (one 8-bit channel),"
          + " but has "
          + raster.getNumBands() + " channel(s) of " + raster.getSampleModel().getSampleSize(0) + " bits");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] ids = new byte[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int id = row[x];
        if (id >= CityscapesClass.COUNT && id != CityscapesClass.VOID) {
          throw new VprException("label image " + png + " has the value " + id + " at (x " + x + ", y " + y
              + "); Cityscapes train ids are 0.." + (CityscapesClass.COUNT - 1) + ", or 255 for void");
        }
        ids[y * w + x] = (byte) id;
      }
    }
    return new TrainIdImage(w, h, ids);
  }

  /** Writes {@code labels} as an 8-bit grey PNG, creating its folder. */
  public static void write(Path png, TrainIdImage labels) {
    BufferedImage img = new BufferedImage(labels.width(), labels.height(), BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(labels.ids(), 0, data, 0, data.length);
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      if (!ImageIO.write(img, "png", png.toFile())) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write label image " + png + ": " + e.getMessage(), e);
    }
  }
}
