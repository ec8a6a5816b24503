package org.vpr4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;

class LabelImagesTest {
  @TempDir Path tmp;

  @Test
  void labelPathMirrorsTheImageTreeUnderLabels() {
    Path root = tmp.resolve("city");
    assertEquals(root.resolve("labels/000/000012_yaw2.png").toAbsolutePath(),
        LabelImages.pathFor(root, root.resolve("000/000012_yaw2.jpg")));
    assertEquals(root.resolve("labels/queries_real/000/000012_q0.png").toAbsolutePath(),
        LabelImages.pathFor(root, Path.of("queries_real/000/000012_q0.jpg")));
  }

  @Test
  void anImageOutsideTheRootHasNoLabelPath() {
    VprException e = assertThrows(VprException.class,
        () -> LabelImages.pathFor(tmp.resolve("city"), tmp.resolve("elsewhere/x.jpg")));
    assertTrue(e.getMessage().contains("x.jpg"), e.getMessage());
  }

  @Test
  void writesAndReadsBackEveryIdExactly() {
    byte[] ids = new byte[5 * 3];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (byte) (i == 7 ? 255 : i);
    }
    Path png = tmp.resolve("l.png");
    LabelImages.write(png, new TrainIdImage(5, 3, ids));
    TrainIdImage back = LabelImages.read(png);
    assertEquals(5, back.width());
    assertEquals(3, back.height());
    assertArrayEquals(ids, back.ids());
    assertEquals(255, back.at(2, 1));
    assertEquals(14, back.at(4, 2));
  }

  @Test
  void refusesColourImagesAndMissingFiles() throws IOException {
    Path rgb = tmp.resolve("rgb.png");
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", rgb.toFile());
    VprException e = assertThrows(VprException.class, () -> LabelImages.read(rgb));
    assertTrue(e.getMessage().contains("rgb.png") && e.getMessage().contains("8-bit grey"), e.getMessage());
    VprException missing = assertThrows(VprException.class, () -> LabelImages.read(tmp.resolve("none.png")));
    assertTrue(missing.getMessage().contains("none.png"), missing.getMessage());
  }
}
