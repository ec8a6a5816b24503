package org.vpr4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.data.DbStruct;
import org.vpr4j.data.DbStructWriter;
import org.vpr4j.data.NetVladDatasets;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.model.Describer;

/**
 * The evaluation protocols on hand-made datasets (written as .mat files and read back) with a
 * describer whose descriptor is an image's mean red value, so that every ranking is known.
 */
class EvaluationProtocolTest {
  private static final ModelConfig TINY = new ModelConfig(Backbone.VGG16, 0.0625, 16, 16, Pooling.NETVLAD, 2,
      List.of());
  private static final int[] NS = {1, 2, 3, 4};
  private static final double MAY_2011 = 201105;
  private static final double JUNE_2012 = 201206;

  @TempDir Path root;

  /** One image: its red level (the descriptor), position and capture date. */
  record Image(int red, double east, double date) {}

  /**
   * Query at 0 m, red 100. Two database images of the query's date at the query's place are its
   * nearest (red 100 and 101); then a far image (red 105), then the true match of another date
   * (red 110). Plain recall@1 counts the same-date image; the TokyoTM rule drops both, leaving the
   * far image first and the match second.
   */
  @Test
  void tokyoTmDropsTheQuerysDateBeforeKeepingTheFirstN() throws Exception {
    PlaceDataset ds = write("tokyoTM_val", List.of(new Image(100, 0, MAY_2011), new Image(101, 0, MAY_2011),
        new Image(105, 1000, JUNE_2012), new Image(110, 5, JUNE_2012)), List.of(new Image(100, 0, MAY_2011)), true);
    assertEquals(EvaluationProtocol.TOKYO_TM_DATE, EvaluationProtocol.forDataset(ds), "TokyoTM's default");
    assertEquals(EvaluationProtocol.TOKYO_TM_DATE, EvaluationProtocol.choose("auto", ds));

    Evaluation.Result dated = Evaluation.run(new RedDescriber(), ds, 2, NS, root);
    assertEquals(EvaluationProtocol.TOKYO_TM_DATE, dated.protocol());
    assertArrayEquals(new int[] {2, 3}, dated.predictions()[0], "same-date images 0 and 1 dropped");
    assertEquals(0.0, dated.recalls().get(1));
    assertEquals(1.0, dated.recalls().get(2));
    assertEquals(1.0, dated.recalls().get(4), "fewer than N candidates left: the missing ranks are misses");

    Evaluation.Result plain = Evaluation.run(new RedDescriber(), ds, 2, NS, root, EvaluationProtocol.PLAIN);
    assertArrayEquals(new int[] {0, 1, 2, 3}, plain.predictions()[0]);
    assertEquals(1.0, plain.recalls().get(1), "without the rule the same-date image is a hit");
  }

  /**
   * Query at 0 m, red 100. A far panorama's three views (red 101-103) come first, then the three
   * views of the panorama at the query's place (red 104-106). One view per panorama moves the
   * true match from rank 4 to rank 2.
   */
  @Test
  void tokyo247KeepsOnlyTheBestViewOfEachPanorama() throws Exception {
    List<Image> db = new ArrayList<>();
    for (int v = 0; v < 3; v++) {
      db.add(new Image(101 + v, 1000, 0));
    }
    for (int v = 0; v < 3; v++) {
      db.add(new Image(104 + v, 5, 0));
    }
    PlaceDataset ds = write("tiny_test", db, List.of(new Image(100, 0, 0)), false);
    assertEquals(EvaluationProtocol.PLAIN, EvaluationProtocol.choose("auto", ds));
    assertEquals(6, EvaluationProtocol.TOKYO247_PANORAMA.candidates(2, ds), "two panoramas of three views");

    Evaluation.Result plain = Evaluation.run(new RedDescriber(), ds, 3, NS, root);
    assertEquals(0.0, plain.recalls().get(3));
    assertEquals(1.0, plain.recalls().get(4));

    Evaluation.Result panoramas = Evaluation.run(new RedDescriber(), ds, 3, NS, root,
        EvaluationProtocol.TOKYO247_PANORAMA);
    assertArrayEquals(new int[] {0, 3}, panoramas.predictions()[0]);
    assertEquals(0.0, panoramas.recalls().get(1));
    assertEquals(1.0, panoramas.recalls().get(2));
  }

  @Test
  void unknownProtocolsAndTheDateRuleWithoutDatesAreRefused() throws Exception {
    PlaceDataset ds = write("tiny_val", List.of(new Image(1, 0, 0)), List.of(new Image(1, 0, 0)), false);
    VprException unknown = assertThrows(VprException.class, () -> EvaluationProtocol.choose("nms", ds));
    assertTrue(unknown.getMessage().contains("--protocol: unknown protocol 'nms'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("tokyo247-panorama"), unknown.getMessage());
    VprException noDates = assertThrows(VprException.class, () -> EvaluationProtocol.choose("tokyotm-date", ds));
    assertTrue(noDates.getMessage().contains("has no capture dates"), noDates.getMessage());
    assertEquals(EvaluationProtocol.PLAIN, EvaluationProtocol.choose(" Plain ", ds));
  }

  /** Writes the .mat (with dates for TokyoTM) and the images, then opens the split as vpr4j does. */
  private PlaceDataset write(String split, List<Image> db, List<Image> queries, boolean dated) throws Exception {
    boolean tokyoTm = split.startsWith("tokyoTM");
    Path dbFolder = tokyoTm ? root.resolve("tokyoTimeMachine/images") : root;
    Path qFolder = tokyoTm ? dbFolder : root.resolve("queries_real");
    List<String> dbNames = names(dbFolder, split + "_db", db);
    List<String> qNames = names(qFolder, split + "_q", queries);
    DbStruct spec = new DbStruct("val", dbNames, utm(db), qNames, utm(queries), 25, 625, 100,
        dated ? dates(db) : null, dated ? dates(queries) : null);
    DbStructWriter.write(root.resolve("datasets").resolve(split + ".mat"), spec);
    return NetVladDatasets.open(root, split);
  }

  private static List<String> names(Path folder, String prefix, List<Image> images) throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String name = String.format("000/%s_%02d.png", prefix, i);
      BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
      var g = img.createGraphics();
      g.setColor(new Color(images.get(i).red(), 0, 0));
      g.fillRect(0, 0, 8, 8);
      g.dispose();
      Files.createDirectories(folder.resolve(name).getParent());
      ImageIO.write(img, "png", folder.resolve(name).toFile());
      names.add(name);
    }
    return names;
  }

  private static double[][] utm(List<Image> images) {
    return images.stream().map(i -> new double[] {1000 + i.east(), 5000}).toArray(double[][]::new);
  }

  private static double[] dates(List<Image> images) {
    return images.stream().mapToDouble(Image::date).toArray();
  }

  /** Descriptor: the mean red value of the image in its first component, zeros elsewhere. */
  private static final class RedDescriber implements Describer {
    @Override
    public ModelConfig config() {
      return TINY;
    }

    @Override
    public float[] describe(byte[] pixels, int n) {
      int dim = TINY.descriptorDim();
      int size = TINY.inputWidth() * TINY.inputHeight();
      float[] out = new float[n * dim];
      for (int i = 0; i < n; i++) {
        double red = 0;
        for (int p = 0; p < size; p++) {
          red += pixels[(i * size + p) * 3] & 0xff;
        }
        out[i * dim] = (float) (red / size);
      }
      return out;
    }
  }
}
