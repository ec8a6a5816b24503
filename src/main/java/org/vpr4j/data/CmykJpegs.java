package org.vpr4j.data;

import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * Four-component (CMYK and YCCK) JPEGs, decoded to the RGB that Pillow's {@code convert("RGB")}
 * gives. Java's own decoding of these colour-manages them with a generic CMYK profile (and gets
 * YCCK wrong altogether), which is not what the paper's code sees. Instead the decoder's raw
 * samples are taken (YCCK, marked by an Adobe marker with transform 2, is turned into CMYK with
 * libjpeg's formula, as libjpeg does for Pillow), read with Adobe polarity
 * (inverted: Photoshop and Pillow write them that way, and Pillow assumes it for every CMYK JPEG,
 * with or without an Adobe marker), and converted without colour management as Pillow does:
 * {@code R = (255 - K) - C * (255 - K) / 255}, rounded. An embedded ICC profile is ignored, as by Pillow.
 */
final class CmykJpegs {
  private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

  private CmykJpegs() {}

  /** Whether {@code reader} (with its input set) holds a JPEG with four colour components. */
  static boolean isFourComponentJpeg(ImageReader reader) throws IOException {
    if (!"jpeg".equalsIgnoreCase(reader.getFormatName())) {
      return false;
    }
    IIOMetadata metadata = reader.getImageMetadata(0);
    if (metadata == null || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(JPEG_METADATA)) {
      return false;
    }
    Node sof = find(metadata.getAsTree(JPEG_METADATA), "sof");
    Node count = sof == null ? null : sof.getAttributes().getNamedItem("numFrameComponents");
    return count != null && Integer.parseInt(count.getNodeValue()) == 4;
  }

  /** Whether the JPEG's Adobe marker says its components are YCCK (transform 2). */
  static boolean isYcck(ImageReader reader) throws IOException {
    Node adobe = find(reader.getImageMetadata(0).getAsTree(JPEG_METADATA), "app14Adobe");
    Node transform = adobe == null ? null : adobe.getAttributes().getNamedItem("transform");
    return transform != null && Integer.parseInt(transform.getNodeValue()) == 2;
  }

  /**
   * Converts the decoder's raw samples (CMYK in Adobe polarity, or YCCK when {@code ycck}) to 8-bit RGB.
   */
  static RgbImage toRgb(Raster cmyk, boolean ycck) {
    int width = cmyk.getWidth();
    int height = cmyk.getHeight();
    if (cmyk.getNumBands() != 4) {
      throw new IllegalStateException("expected 4 bands from a CMYK JPEG, got " + cmyk.getNumBands());
    }
    byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
    int[] row = new int[width * 4];
    for (int y = 0; y < height; y++) {
      cmyk.getPixels(cmyk.getMinX(), cmyk.getMinY() + y, width, 1, row);
      for (int x = 0, o = y * width * 3; x < width; x++, o += 3) {
        int p = x * 4;
        if (ycck) {
          yccToInvertedCmy(row, p);
        }
        int notK = row[p + 3]; // inverted K, i.e. 255 - K
        for (int c = 0; c < 3; c++) {
          int ink = 255 - row[p + c];
          rgb[o + c] = (byte) (notK - mulDiv255(ink, notK));
        }
      }
    }
    return new RgbImage(width, height, rgb);
  }

  /**
   * YCC to RGB (JFIF), then C = 255 - R and so on, in place: libjpeg's YCCK to CMYK conversion.
   * Float rounding differs from libjpeg's fixed point by at most one level.
   */
  private static void yccToInvertedCmy(int[] px, int p) {
    double y = px[p];
    double cb = px[p + 1] - 128.0;
    double cr = px[p + 2] - 128.0;
    px[p] = 255 - clamp(y + 1.402 * cr);
    px[p + 1] = 255 - clamp(y - 0.344136 * cb - 0.714136 * cr);
    px[p + 2] = 255 - clamp(y + 1.772 * cb);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** {@code a * b / 255} rounded, with Pillow's integer arithmetic. */
  private static int mulDiv255(int a, int b) {
    int t = a * b + 128;
    return ((t >> 8) + t) >> 8;
  }

  private static Node find(Node node, String name) {
    if (name.equals(node.getNodeName())) {
      return node;
    }
    for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
      Node found = find(child, name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
