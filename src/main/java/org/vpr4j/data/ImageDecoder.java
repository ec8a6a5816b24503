package org.vpr4j.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.vpr4j.VprException;

/**
 * Decodes JPEG and PNG files into 8-bit {@link RgbImage}s. Grey, grey+alpha, RGBA, palette and 16-bit
 * images all become plain 8-bit RGB (alpha is dropped, not composited, as Pillow's
 * {@code convert("RGB")} does). Stored sample values are used as they are, without colour management,
 * again as Pillow does. An empty, truncated or undecodable file is a {@link VprException} naming it.
 */
public final class ImageDecoder {
  /** Pillow's default limit ({@code Image.MAX_IMAGE_PIXELS}): a 1 GiB RGBA image's pixel count, ~89.5 Mpx. */
  public static final long DEFAULT_MAX_PIXELS = 1024L * 1024 * 1024 / 4 / 3;
  /** The most pixels an 8-bit RGB image can have in one Java array (and in a BufferedImage). */
  public static final long MAX_PIXELS_POSSIBLE = (Integer.MAX_VALUE - 8) / 3;

  private static volatile long maxPixels = DEFAULT_MAX_PIXELS;

  private ImageDecoder() {}

  /**
   * Sets the largest width x height accepted (the {@code --max-image-pixels} option); a larger
   * image is refused from its header, before any pixel is decoded.
   */
  public static void setMaxPixels(long pixels) {
    if (pixels < 1 || pixels > MAX_PIXELS_POSSIBLE) {
      throw new VprException("--max-image-pixels " + pixels + " is out of range: 1 to " + MAX_PIXELS_POSSIBLE
          + " (the most an 8-bit RGB image can hold in one Java array)");
    }
    maxPixels = pixels;
  }

  public static long maxPixels() {
    return maxPixels;
  }

  public static RgbImage read(Path file) {
    return guarded(file, () -> decode(file, true));
  }

  /**
   * Decodes an image as it is stored (for label images, whose samples are class ids), with the
   * same checks as {@link #read}: size limit from the header, damaged or truncated files refused.
   */
  public static BufferedImage readStored(Path file) {
    return guarded(file, () -> (BufferedImage) decode(file, false));
  }

  private interface Decoding<T> {
    T run() throws IOException;
  }

  @SuppressWarnings("unchecked")
  private static <T> T guarded(Path file, Decoding<?> decoding) {
    try {
      if (Files.size(file) == 0) {
        throw new VprException(file + ": image file is empty (0 bytes)");
      }
      return (T) decoding.run();
    } catch (NoSuchFileException e) {
      throw new VprException(file + ": image file does not exist", e);
    } catch (VprException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new VprException(file + ": cannot decode the image, it is truncated or corrupt (" + e.getMessage() + ")", e);
    }
  }

  /** Returns an {@link RgbImage} when {@code toRgb}, else the decoded {@link BufferedImage}. */
  private static Object decode(Path file, boolean toRgb) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new VprException(file + ": not an image format that can be decoded (expected JPEG or PNG)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, false);
        checkSize(file, reader);
        // The JPEG decoder reports a truncated file only as a warning and pads the image with grey;
        // Pillow refuses such files, and so do we.
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        boolean cmyk = toRgb && CmykJpegs.isFourComponentJpeg(reader);
        Object image = cmyk ? CmykJpegs.toRgb(reader.readRaster(0, null), CmykJpegs.isYcck(reader))
            : toRgb ? toRgb(reader.read(0)) : reader.read(0);
        if (!warnings.isEmpty()) {
          throw new VprException(file + ": damaged image (" + String.join("; ", warnings) + ")");
        }
        return image;
      } finally {
        reader.dispose();
      }
    }
  }

  /** Refuses, from the header alone, an image with more pixels than the limit. */
  private static void checkSize(Path file, ImageReader reader) throws IOException {
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IIOException e) {
      // Java's JPEG decoder stops at the header of a JPEG wider or taller than it supports
      if (String.valueOf(e.getMessage()).contains("Maximum supported image dimension")) {
        throw new VprException(file + ": image is too large: its header declares more than 65,500 pixels in one"
            + " direction, the most Java's JPEG decoder supports", e);
      }
      throw e;
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      throw new VprException(String.format(java.util.Locale.ROOT, "%s: image is too large: %d x %d = %,d pixels,"
          + " more than the limit of %,d (raise it with --max-image-pixels, up to %,d)", file, width, height, pixels,
          maxPixels, MAX_PIXELS_POSSIBLE));
    }
  }

  /** Converts any decoded image to interleaved 8-bit RGB. */
  static RgbImage toRgb(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] rgb = new byte[width * height * 3];
    ColorModel model = image.getColorModel();
    int space = model.getColorSpace().getType();
    if (model instanceof ComponentColorModel && (space == ColorSpace.TYPE_GRAY || space == ColorSpace.TYPE_RGB)) {
      copySamples(image.getRaster(), model, space == ColorSpace.TYPE_GRAY, rgb);
    } else {
      // Palette and packed-int images are sRGB already, so getRGB changes no values; for anything
      // else (CMYK, ...) it is the colour conversion we want.
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, row, 0, width);
        for (int x = 0, o = y * width * 3; x < width; x++, o += 3) {
          rgb[o] = (byte) (row[x] >> 16);
          rgb[o + 1] = (byte) (row[x] >> 8);
          rgb[o + 2] = (byte) row[x];
        }
      }
    }
    return new RgbImage(width, height, rgb);
  }

  /**
   * Reads raw samples. This bypasses getRGB, which would treat grey as linear light and brighten it
   * with the sRGB curve.
   */
  private static void copySamples(Raster raster, ColorModel model, boolean grey, byte[] rgb) {
    int width = raster.getWidth();
    int bands = raster.getNumBands();
    int max = (1 << model.getComponentSize(0)) - 1;
    int[] row = new int[width * bands];
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getPixels(0, y, width, 1, row);
      for (int x = 0, o = y * width * 3; x < width; x++, o += 3) {
        int p = x * bands;
        for (int c = 0; c < 3; c++) {
          rgb[o + c] = (byte) to8Bit(row[grey ? p : p + c], max);
        }
      }
    }
  }

  private static int to8Bit(int sample, int max) {
    return max == 255 ? sample : (int) ((sample * 255L + max / 2) / max);
  }
}
