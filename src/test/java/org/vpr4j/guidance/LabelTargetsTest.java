package org.vpr4j.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.data.CityscapesClass;
import org.vpr4j.data.LabelImages;
import org.vpr4j.data.TrainIdImage;

/** Mask targets from hand-made label images, checked by hand. */
class LabelTargetsTest {
  @TempDir Path root;

  @Test
  void labelImagesMirrorTheImagePathsWithAPngExtension() {
    assertEquals(root.resolve("labels/000/000012_yaw2.png"), LabelImages.pathFor(root, Path.of("000/000012_yaw2.jpg")));
    assertEquals(root.resolve("labels/queries_real/000/q.png"),
        LabelImages.pathFor(root, root.resolve("queries_real/000/q.jpg")));
    assertThrows(VprException.class, () -> LabelImages.pathFor(root, root.resolveSibling("elsewhere.jpg")));
  }

  @Test
  void targetsOfACarOnABuildingByHand() throws Exception {
    // 64x48 input -> 4x3 grid. A car (13) fills columns 0..31 from row 24 down, and
    // columns 32..63 from row 25 down. Bicubic with align_corners samples rows 0, 23.5, 47
    // and columns 0, 21, 42, 63; the middle row mixes rows 22..25 with weights
    // -0.09375, 0.59375, 0.59375, -0.09375 (see GridReductionTest.bicubicByHand).
    byte[] ids = new byte[64 * 48];
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        ids[y * 64 + x] = (byte) ((x < 32 ? y >= 24 : y >= 25) ? CityscapesClass.CAR.trainId()
            : CityscapesClass.BUILDING.trainId());
      }
    }
    LabelImages.write(root.resolve("labels/000/a.png"), new TrainIdImage(64, 48, ids));
    TargetSpec spec = new TargetSpec(Distractors.of(Distractors.DEFAULT, "test"), GridReduction.BICUBIC, 64, 48);
    try (LabelSource source = new LabelSource(root)) {
      MaskTargets t = MaskTargetBuilder.compute(source, List.of(root.resolve("000/a.jpg")), spec);
      assertEquals(3, t.height());
      assertEquals(4, t.width());
      assertArrayEquals(new float[] {1, 1, 1, 1, 0.5f, 0.5f, 1.09375f, 1.09375f, 0, 0, 0, 0}, t.target(0), 1e-6f);
      // at stride 16: pixel rows 0, 16, 32 -> building, building, car
      assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, t.strideKeep(0), 0f);
    }
  }

  @Test
  void labelsAreResizedByNearestNeighbourToTheInputSize() throws Exception {
    // 128x96 label, a person in the right half: at 64x48 the right half is still exactly the person
    LabelImages.write(root.resolve("labels/000/b.png"),
        Labels.block(128, 96, CityscapesClass.ROAD.trainId(), CityscapesClass.PERSON.trainId(), 64, 0, 128, 96));
    try (LabelSource source = new LabelSource(root)) {
      byte[] ids = source.trainIds(List.of(root.resolve("000/b.jpg")), 64, 48);
      assertEquals(64 * 48, ids.length);
      assertEquals(CityscapesClass.ROAD.trainId(), ids[10 * 64 + 31]);
      assertEquals(CityscapesClass.PERSON.trainId(), ids[10 * 64 + 32]);
      TargetSpec area = new TargetSpec(Distractors.of(List.of("human"), "test"), GridReduction.AREA, 64, 48);
      MaskTargets t = MaskTargetBuilder.compute(source, List.of(root.resolve("000/b.jpg")), area);
      assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0}, t.target(0), 0f);
    }
  }

  @Test
  void aValueThatIsNoTrainIdNamesTheFileAndPixel() throws Exception {
    Path png = root.resolve("labels/000/c.png");
    LabelImages.write(png, Labels.block(8, 8, 2, 40, 3, 5, 4, 6));
    VprException e = assertThrows(VprException.class, () -> LabelImages.read(png));
    assertTrue(e.getMessage().contains(png.toString()) && e.getMessage().contains("40")
        && e.getMessage().contains("x 3, y 5"), e.getMessage());
  }

  @Test
  void missingLabelImagesAreCountedAndNamed() throws Exception {
    LabelImages.write(root.resolve("labels/000/d.png"), Labels.block(8, 8, 2, 13, 0, 0, 1, 1));
    try (LabelSource source = new LabelSource(root)) {
      VprException e = assertThrows(VprException.class,
          () -> source.fingerprint(List.of(root.resolve("000/d.jpg"), root.resolve("000/e.jpg"))));
      assertTrue(e.getMessage().startsWith("1 of 2 images have no label image") && e.getMessage().contains("e.png"),
          e.getMessage());
    }
  }

  @Test
  void guidanceWithoutLabelsOrSegmenterSaysWhatIsMissing() throws Exception {
    VprException e = assertThrows(VprException.class, () -> Guidance.auto(root, null).open("graph deattention"));
    assertTrue(e.getMessage().contains("graph deattention") && e.getMessage().contains(root.resolve("labels").toString())
        && e.getMessage().contains("--segmenter"), e.getMessage());

    LabelImages.write(root.resolve("labels/000/f.png"), Labels.block(8, 8, 2, 13, 0, 0, 1, 1));
    try (TrainIdSource labels = Guidance.auto(root, null).open("test")) {
      assertEquals("labels", labels.name(), "auto falls back to the label images");
    }
    Guidance segmenterOnly = new Guidance(Guidance.SEGMENTER, root, null, GridReduction.BICUBIC, 8);
    e = assertThrows(VprException.class, () -> segmenterOnly.open("de-attention clustering"));
    assertTrue(e.getMessage().contains("de-attention clustering") && e.getMessage().contains("--segmenter"),
        e.getMessage());
  }
}
