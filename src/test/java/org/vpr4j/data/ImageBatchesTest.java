package org.vpr4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vpr4j.data.DbStructReaderTest.assertMessage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;

class ImageBatchesTest {
  private static final int W = 4;
  private static final int H = 3;

  @TempDir
  Path dir;

  /** Image i is a flat colour (10 * i, 255 - i, 7); flat, so resizing keeps it exact. */
  private List<Path> flatImages(int count, int width, int height) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          image.setRGB(x, y, (10 * i) << 16 | (255 - i) << 8 | 7);
        }
      }
      Path file = dir.resolve("img" + i + ".png");
      ImageIO.write(image, "png", file.toFile());
      files.add(file);
    }
    return files;
  }

  @Test
  void batchesComeInOrderResizedAndUnnormalised() throws IOException {
    List<Path> images = flatImages(7, 9, 5); // every image needs resizing to 4x3

    List<ImageBatches.Batch> batches = new ArrayList<>();
    try (ImageBatches loader = new ImageBatches(images, W, H, 3, 2, 1)) {
      assertEquals(3, loader.batchCount());
      loader.forEachRemaining(batches::add);
      assertFalse(loader.hasNext());
      assertThrows(NoSuchElementException.class, loader::next);
    }

    assertEquals(List.of(0, 3, 6), batches.stream().map(ImageBatches.Batch::start).toList());
    assertEquals(List.of(3, 6, 7), batches.stream().map(ImageBatches.Batch::end).toList());
    for (ImageBatches.Batch batch : batches) {
      assertEquals(batch.size() * H * W * 3, batch.pixels().length);
      for (int n = 0; n < batch.size(); n++) {
        int image = batch.start() + n;
        for (int p = 0; p < H * W; p++) {
          int o = (n * H * W + p) * 3;
          assertEquals(10 * image, batch.pixels()[o] & 0xFF, "red of image " + image);
          assertEquals(255 - image, batch.pixels()[o + 1] & 0xFF, "green of image " + image);
          assertEquals(7, batch.pixels()[o + 2] & 0xFF, "blue of image " + image);
        }
      }
    }
  }

  @Test
  void failingFileSurfacesInItsBatchAsItsOwnError() throws IOException {
    List<Path> images = flatImages(6, W, H);
    Path broken = Files.writeString(dir.resolve("broken.jpg"), "not a jpeg");
    images.set(4, broken);

    try (ImageBatches loader = new ImageBatches(images, W, H, 2, 2, 3)) {
      assertEquals(0, loader.next().start());
      assertEquals(2, loader.next().start());
      VprException e = assertThrows(VprException.class, loader::next);
      assertMessage(e, broken);
    }
  }

  @Test
  void closingEarlyStopsTheLoader() throws IOException {
    List<Path> images = flatImages(8, W, H);

    ImageBatches loader = new ImageBatches(images, W, H, 1, 2, 4);
    assertTrue(loader.hasNext());
    loader.next();
    loader.close();

    assertFalse(loader.hasNext());
    assertThrows(NoSuchElementException.class, loader::next);
  }
}
