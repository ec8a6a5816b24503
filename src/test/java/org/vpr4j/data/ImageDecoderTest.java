package org.vpr4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vpr4j.data.DbStructReaderTest.assertMessage;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;

class ImageDecoderTest {
  @TempDir
  Path dir;

  private Path save(BufferedImage image, String format, String name) throws IOException {
    Path file = dir.resolve(name);
    assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
    return file;
  }

  private static void assertPixel(RgbImage image, int x, int y, int r, int g, int b) {
    assertEquals(r, image.get(x, y, 0), "red at " + x + "," + y);
    assertEquals(g, image.get(x, y, 1), "green at " + x + "," + y);
    assertEquals(b, image.get(x, y, 2), "blue at " + x + "," + y);
  }

  @Test
  void greyPngKeepsItsValuesInAllThreeChannels() throws IOException {
    BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 10);
    grey.getRaster().setSample(2, 1, 0, 128);

    RgbImage rgb = ImageDecoder.read(save(grey, "png", "grey.png"));

    assertEquals(3, rgb.width());
    assertEquals(2, rgb.height());
    assertPixel(rgb, 0, 0, 10, 10, 10); // no sRGB gamma applied to the grey level
    assertPixel(rgb, 2, 1, 128, 128, 128);
  }

  @Test
  void sixteenBitGreyBecomesEightBit() throws IOException {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    grey.getRaster().setSample(0, 0, 0, 65535);
    grey.getRaster().setSample(1, 0, 0, 32896);

    RgbImage rgb = ImageDecoder.read(save(grey, "png", "grey16.png"));

    assertPixel(rgb, 0, 0, 255, 255, 255);
    assertPixel(rgb, 1, 0, 128, 128, 128);
  }

  @Test
  void rgbaPngDropsAlphaWithoutBlending() throws IOException {
    BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    rgba.setRGB(0, 0, 0x00_C8_64_32); // fully transparent, colour kept
    rgba.setRGB(1, 0, 0x80_0A_14_1E);

    RgbImage rgb = ImageDecoder.read(save(rgba, "png", "rgba.png"));

    assertPixel(rgb, 0, 0, 200, 100, 50);
    assertPixel(rgb, 1, 0, 10, 20, 30);
  }

  @Test
  void palettePngIsExpanded() throws IOException {
    byte[] r = {0, (byte) 255, 7};
    byte[] g = {0, 0, 8};
    byte[] b = {0, 0, 9};
    BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 3, r, g, b));
    indexed.getRaster().setSample(0, 0, 0, 1);
    indexed.getRaster().setSample(1, 0, 0, 2);

    RgbImage rgb = ImageDecoder.read(save(indexed, "png", "palette.png"));

    assertPixel(rgb, 0, 0, 255, 0, 0);
    assertPixel(rgb, 1, 0, 7, 8, 9);
  }

  @Test
  void jpegDecodesToRgbOrder() throws IOException {
    BufferedImage colour = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        colour.setRGB(x, y, 0xDC_3C_1E);
      }
    }

    RgbImage rgb = ImageDecoder.read(save(colour, "jpg", "colour.jpg"));

    // lossy, but a flat colour survives within a few levels
    assertEquals(220, rgb.get(8, 8, 0), 4);
    assertEquals(60, rgb.get(8, 8, 1), 4);
    assertEquals(30, rgb.get(8, 8, 2), 4);
  }

  @Test
  void emptyFileIsNamed() throws IOException {
    Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);

    assertMessage(assertThrows(VprException.class, () -> ImageDecoder.read(empty)), empty, "empty");
  }

  @Test
  void missingFileIsNamed() {
    Path absent = dir.resolve("absent.jpg");

    assertMessage(assertThrows(VprException.class, () -> ImageDecoder.read(absent)), absent, "does not exist");
  }

  @Test
  void garbageIsNamed() throws IOException {
    Path garbage = Files.writeString(dir.resolve("garbage.jpg"), "this is not an image at all");

    assertMessage(assertThrows(VprException.class, () -> ImageDecoder.read(garbage)), garbage, "JPEG or PNG");
  }

  @Test
  void truncatedPngIsNamed() throws IOException {
    Path file = truncatedCopy(save(noise(64, 48), "png", "whole.png"), "cut.png");

    assertMessage(assertThrows(VprException.class, () -> ImageDecoder.read(file)), file, "truncated or corrupt");
  }

  @Test
  void truncatedJpegIsNamed() throws IOException {
    Path file = truncatedCopy(save(noise(64, 48), "jpg", "whole.jpg"), "cut.jpg");

    VprException e = assertThrows(VprException.class, () -> ImageDecoder.read(file));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  private Path truncatedCopy(Path whole, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(whole);
    return Files.write(dir.resolve(name), Arrays.copyOf(bytes, bytes.length / 2));
  }

  private static BufferedImage noise(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    java.util.Random random = new java.util.Random(1);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }
}
