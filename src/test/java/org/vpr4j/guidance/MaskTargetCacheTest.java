package org.vpr4j.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.data.LabelImages;

/** The HDF5 cache: a hit reads the file, a change of categories, grid or labels recomputes. */
class MaskTargetCacheTest {
  @TempDir Path root;
  List<Path> images;
  final TargetSpec humanVehicle = spec(Distractors.DEFAULT, GridReduction.BICUBIC);

  static TargetSpec spec(List<String> distractors, GridReduction grid) {
    return new TargetSpec(Distractors.of(distractors, "test"), grid, 32, 32);
  }

  /** Label images counting how many images they had to read. */
  static final class CountingLabels implements TrainIdSource {
    final LabelSource labels;
    int read;

    CountingLabels(Path root) {
      labels = new LabelSource(root);
    }

    @Override
    public String name() {
      return labels.name();
    }

    @Override
    public String fingerprint(List<Path> images) {
      return labels.fingerprint(images);
    }

    @Override
    public byte[] trainIds(List<Path> images, int width, int height) {
      read += images.size();
      return labels.trainIds(images, width, height);
    }

    @Override
    public double secondsPerImage() {
      return labels.secondsPerImage();
    }

    @Override
    public void close() {}
  }

  @BeforeEach
  void labels() throws Exception {
    // a car in the top-left quarter, a sky band at the top of the second image
    LabelImages.write(root.resolve("labels/000/a.png"), Labels.block(32, 32, 2, 13, 0, 0, 16, 16));
    LabelImages.write(root.resolve("labels/queries_real/000/q.png"), Labels.block(32, 32, 2, 10, 0, 0, 32, 8));
    images = List.of(root.resolve("000/a.jpg"), root.resolve("queries_real/000/q.jpg"));
  }

  @Test
  void theSecondCallReadsTheCacheInsteadOfTheLabels() {
    Path folder = root.resolve("run/guidance");
    CountingLabels source = new CountingLabels(root);
    MaskTargets first = MaskTargetCache.loadOrCompute(folder, "tiny_train", images, source, humanVehicle);
    assertEquals(2, source.read);
    Path file = MaskTargetCache.file(folder, "tiny_train", source, humanVehicle);
    assertEquals("tiny_train-labels-human+vehicle-bicubic-32x32.hdf5", file.getFileName().toString());
    assertTrue(Files.isRegularFile(file));

    MaskTargets second = MaskTargetCache.loadOrCompute(folder, "tiny_train", images, source, humanVehicle);
    assertEquals(2, source.read, "a hit computes nothing");
    assertEquals(2, second.count());
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(first.target(i), second.target(i), 0f);
      assertArrayEquals(first.strideKeep(i), second.strideKeep(i), 0f);
    }
    assertEquals(first.computeSeconds(), second.computeSeconds(), 1e-12);
  }

  @Test
  void otherCategoriesOrGridAreAnotherFile() {
    Path folder = root.resolve("run/guidance");
    CountingLabels source = new CountingLabels(root);
    MaskTargets hv = MaskTargetCache.loadOrCompute(folder, "tiny_train", images, source, humanVehicle);
    MaskTargets withSky = MaskTargetCache.loadOrCompute(folder, "tiny_train", images, source,
        spec(List.of("human", "vehicle", "sky"), GridReduction.BICUBIC));
    assertEquals(4, source.read, "adding sky recomputes");
    assertArrayEquals(hv.target(0), withSky.target(0), 0f, "no sky in the first image");
    assertNotEquals(hv.target(1)[0], withSky.target(1)[0], "the sky band is a distractor now");
    MaskTargetCache.loadOrCompute(folder, "tiny_train", images, source, spec(Distractors.DEFAULT, GridReduction.AREA));
    assertEquals(6, source.read, "another grid reduction recomputes");
    MaskTargetCache.loadOrCompute(folder, "tiny_train", images, source, humanVehicle);
    assertEquals(6, source.read, "the first file is still valid");
  }

  @Test
  void changedLabelsMakeTheCacheStale() throws Exception {
    Path folder = root.resolve("run/guidance");
    CountingLabels source = new CountingLabels(root);
    MaskTargetCache.loadOrCompute(folder, "tiny_train", images, source, humanVehicle);
    Path label = root.resolve("labels/000/a.png");
    LabelImages.write(label, Labels.block(32, 32, 2, 11, 16, 16, 32, 32));
    Files.setLastModifiedTime(label, FileTime.fromMillis(Files.getLastModifiedTime(label).toMillis() + 5000));
    MaskTargets t = MaskTargetCache.loadOrCompute(folder, "tiny_train", images, source, humanVehicle);
    assertEquals(4, source.read);
    assertEquals(1f, t.target(0)[0], 1e-6f, "the car is gone from the top-left corner");
  }

  @Test
  void anUnreadableCacheFileIsRecomputed() throws Exception {
    Path folder = root.resolve("run/guidance");
    CountingLabels source = new CountingLabels(root);
    Path file = MaskTargetCache.file(folder, "tiny_train", source, humanVehicle);
    Files.createDirectories(folder);
    Files.writeString(file, "not hdf5");
    MaskTargets t = MaskTargetCache.loadOrCompute(folder, "tiny_train", images, source, humanVehicle);
    assertEquals(2, source.read);
    assertEquals(0f, t.target(0)[0], 1e-6f, "the car's corner");
  }
}
