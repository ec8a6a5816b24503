package org.vpr4j.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cluster.DescriptorSampler;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.data.LabelImages;
import org.vpr4j.model.InferenceModel;

/** De-attention clustering (docs/clustering.md): no k-means sample comes from a distractor location. */
class DeattentionClusteringTest {
  static final ModelConfig TINY = new ModelConfig(Backbone.VGG16, 0.0625, 64, 64, Pooling.NETVLAD, 4, List.of());
  static final int GRID = 4;

  @TempDir Path root;

  @Test
  void distractorLocationsAreNeverSampled() throws Exception {
    Random r = new Random(8);
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path image = root.resolve("000/img" + i + ".png");
      noise(image, r);
      images.add(image);
    }
    // image 0: a car over the right half; image 1: a person over the bottom half; image 2: all car
    LabelImages.write(LabelImages.pathFor(root, images.get(0)), Labels.block(64, 64, 2, 13, 32, 0, 64, 64));
    LabelImages.write(LabelImages.pathFor(root, images.get(1)), Labels.block(64, 64, 8, 11, 0, 32, 64, 64));
    LabelImages.write(LabelImages.pathFor(root, images.get(2)), Labels.block(64, 64, 13, 13, 0, 0, 1, 1));
    boolean[][] allowed = new boolean[3][GRID * GRID];
    for (int l = 0; l < GRID * GRID; l++) {
      allowed[0][l] = l % GRID < 2;
      allowed[1][l] = l / GRID < 2;
    }
    Distractors distractors = Distractors.of(Distractors.DEFAULT, "test");
    try (InferenceModel model = new InferenceModel(TINY, 3); LabelSource labels = new LabelSource(root)) {
      StaticSceneLocations filter = new StaticSceneLocations(labels, distractors, 64, 64);
      boolean[] fromLabels = filter.allowed(images, GRID, GRID);
      boolean[] expected = new boolean[3 * GRID * GRID];
      for (int i = 0; i < 3; i++) {
        System.arraycopy(allowed[i], 0, expected, i * GRID * GRID, GRID * GRID);
      }
      assertArrayEquals(expected, fromLabels);

      float[] local;
      try (ImageBatches b = new ImageBatches(images, 64, 64, 3)) {
        local = model.localDescriptors(b.next().pixels(), 3);
      }
      int dim = TINY.encoderDim();
      float[][] samples = DescriptorSampler.sample(model, images, 3, 6, 17, 2, filter);
      assertTrue(samples.length > 0 && samples.length <= 12, "at most 6 from each of the two usable images: "
          + samples.length);
      for (float[] s : samples) {
        int found = -1;
        for (int row = 0; row < 3 * GRID * GRID && found < 0; row++) {
          if (Arrays.equals(s, Arrays.copyOfRange(local, row * dim, (row + 1) * dim))) {
            found = row;
          }
        }
        assertTrue(found >= 0, "every sample is a local descriptor of the images");
        assertTrue(expected[found], "image " + found / (GRID * GRID) + " location " + found % (GRID * GRID)
            + " is a distractor location");
      }

      float[][] unfiltered = DescriptorSampler.sample(model, images, 3, 6, 17, 2);
      assertEquals(18, unfiltered.length, "without the filter every image gives 6");
    }
  }

  private static void noise(Path file, Random r) throws Exception {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }
}
