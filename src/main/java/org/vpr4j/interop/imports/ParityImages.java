package org.vpr4j.interop.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vpr4j.VprException;
import org.vpr4j.data.ImageDecoder;
import org.vpr4j.data.ImageResizer;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.data.RgbImage;

/**
 * The images both engines of a parity check see: uint8 RGB, NHWC, all of one size.
 *
 * @param pixels {@code count * height * width * 3} bytes
 * @param description what the images are, for the report
 */
public record ParityImages(byte[] pixels, int count, int width, int height, String description) {

  public ParityImages {
    if (count < 1 || pixels.length != (long) count * width * height * 3) {
      throw new IllegalArgumentException(pixels.length + " bytes for " + count + " images of " + width + "x" + height);
    }
  }

  /**
   * {@code count} deterministic images: smooth colour fields (a coarse random grid blended
   * bilinearly), a few solid blocks with sharp edges, and pixel noise. Unlike pure noise they
   * give masks and attention maps varied values, and unlike flat images they exercise padding.
   */
  public static ParityImages synthetic(int count, int width, int height, long seed) {
    if (count < 1) {
      throw new VprException("--parity-images " + count + ": at least one image is needed");
    }
    Random random = new Random(seed);
    byte[] pixels = new byte[count * width * height * 3];
    int grid = 4;
    for (int i = 0; i < count; i++) {
      float[][][] corners = new float[grid + 1][grid + 1][3];
      for (float[][] row : corners) {
        for (float[] rgb : row) {
          for (int c = 0; c < 3; c++) {
            rgb[c] = random.nextFloat() * 255;
          }
        }
      }
      int[][] blocks = new int[3][];
      for (int b = 0; b < blocks.length; b++) {
        blocks[b] = new int[] {random.nextInt(width), random.nextInt(height), 1 + random.nextInt(Math.max(1, width / 3)),
            1 + random.nextInt(Math.max(1, height / 3)), random.nextInt(256), random.nextInt(256), random.nextInt(256)};
      }
      int offset = i * width * height * 3;
      for (int y = 0; y < height; y++) {
        float gy = (float) y / height * grid;
        int y0 = (int) gy;
        float fy = gy - y0;
        for (int x = 0; x < width; x++) {
          float gx = (float) x / width * grid;
          int x0 = (int) gx;
          float fx = gx - x0;
          int[] block = blockAt(blocks, x, y);
          for (int c = 0; c < 3; c++) {
            float v;
            if (block != null) {
              v = block[4 + c];
            } else {
              float top = corners[y0][x0][c] * (1 - fx) + corners[y0][x0 + 1][c] * fx;
              float bottom = corners[y0 + 1][x0][c] * (1 - fx) + corners[y0 + 1][x0 + 1][c] * fx;
              v = top * (1 - fy) + bottom * fy;
            }
            v += (random.nextFloat() - 0.5f) * 40;
            pixels[offset++] = (byte) Math.max(0, Math.min(255, Math.round(v)));
          }
        }
      }
    }
    return new ParityImages(pixels, count, width, height,
        count + " synthetic image" + (count == 1 ? "" : "s") + " " + width + "x" + height + " (seed " + seed + ")");
  }

  /**
   * Up to {@code count} images of a dataset split, spread evenly over its database and query
   * images, each resized with the Pillow-exact bicubic filter the data pipeline uses.
   */
  public static ParityImages fromDataset(PlaceDataset dataset, int count, int width, int height) {
    List<Path> all = dataset.allImages();
    if (all.isEmpty()) {
      throw new VprException("dataset split " + dataset.name() + " has no images for the parity check");
    }
    int n = Math.min(count, all.size());
    List<Path> chosen = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chosen.add(all.get((int) ((long) i * all.size() / n)));
    }
    byte[] pixels = new byte[n * width * height * 3];
    for (int i = 0; i < n; i++) {
      RgbImage resized = ImageResizer.bicubic(ImageDecoder.read(chosen.get(i)), width, height);
      System.arraycopy(resized.pixels(), 0, pixels, i * resized.pixels().length, resized.pixels().length);
    }
    return new ParityImages(pixels, n, width, height,
        n + " image" + (n == 1 ? "" : "s") + " of " + dataset.name() + " resized to " + width + "x" + height);
  }

  private static int[] blockAt(int[][] blocks, int x, int y) {
    for (int[] b : blocks) {
      if (x >= b[0] && x < b[0] + b[2] && y >= b[1] && y < b[1] + b[3]) {
        return b;
      }
    }
    return null;
  }
}
