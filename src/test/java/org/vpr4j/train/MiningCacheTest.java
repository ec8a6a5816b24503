package org.vpr4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.data.DbStruct;
import org.vpr4j.data.DbStructWriter;
import org.vpr4j.data.NetVladDatasets;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.model.Describer;

class MiningCacheTest {
  static final int PLACES = 8;
  @TempDir static Path dir;
  static TrainingSet set;

  /** 8 places 30 m apart, 2 database images and 1 query each; image i is filled with grey level 10 * i. */
  @BeforeAll
  static void dataset() throws Exception {
    List<String> db = new ArrayList<>();
    List<String> q = new ArrayList<>();
    double[][] utmDb = new double[PLACES * 2][];
    double[][] utmQ = new double[PLACES][];
    for (int p = 0; p < PLACES; p++) {
      for (int v = 0; v < 2; v++) {
        String name = String.format("000/p%d_v%d.png", p, v);
        write(dir.resolve(name), db.size());
        db.add(name);
        utmDb[p * 2 + v] = new double[] {30.0 * p + v, 0};
      }
      String name = String.format("000/p%d_q.png", p);
      write(dir.resolve("queries_real").resolve(name), PLACES * 2 + p);
      q.add(name);
      utmQ[p] = new double[] {30.0 * p + 3, 0};
    }
    DbStructWriter.write(dir.resolve("datasets/tiny_train.mat"), new DbStruct("train", db, utmDb, q, utmQ, 25, 625, 100));
    set = new TrainingSet(NetVladDatasets.open(dir, "tiny_train"));
  }

  static void write(Path file, int image) throws Exception {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(10 * image, 10 * image, 10 * image));
    g.fillRect(0, 0, 16, 16);
    g.dispose();
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  /** Descriptor = (image number, model version): shows which image a row holds and when it was computed. */
  static final class VersionedModel implements Describer {
    int version;
    long described;

    @Override
    public ModelConfig config() {
      return ModelConfig.paper().withWidth(0.0625).withInputSize(16, 16).withClusters(2);
    }

    @Override
    public float[] describe(byte[] pixels, int n) {
      float[] out = new float[n * config().descriptorDim()];
      int dim = config().descriptorDim();
      for (int i = 0; i < n; i++) {
        out[i * dim] = (pixels[i * 16 * 16 * 3] & 0xFF) / 10f;
        out[i * dim + 1] = version;
      }
      described += n;
      return out;
    }
  }

  /** Runs one epoch of 4 parts (2 queries each), bumping the model version after every part. */
  static List<float[][]> epoch(MiningCache cache, VersionedModel model, int epoch) {
    List<int[]> parts = TrainingSet.subsets(set.queries(), 2);
    assertEquals(4, parts.size());
    List<float[][]> seen = new ArrayList<>();
    for (int part = 0; part < parts.size(); part++) {
      try (MiningCache.Part p = cache.forPart(epoch, part, parts.size(), parts.get(part))) {
        DescriptorStore rows = p.rows();
        assertEquals(PLACES * 3, rows.rows());
        List<float[]> visible = new ArrayList<>();
        for (int r = 0; r < PLACES * 2; r++) {
          visible.add(rows.row(r));
        }
        for (int query : parts.get(part)) {
          visible.add(rows.row(PLACES * 2 + query));
        }
        seen.add(visible.toArray(new float[0][]));
      }
      model.version++;
    }
    return seen;
  }

  @Test
  void fullRefreshDescribesEveryImageBeforeEveryPart() {
    VersionedModel model = new VersionedModel();
    try (MiningCache cache = new MiningCache(model, set, 5, 1, dir)) {
      List<float[][]> seen = epoch(cache, model, 0);
      for (int part = 0; part < 4; part++) {
        for (float[] row : seen.get(part)) {
          assertEquals(part, row[1], "every row is as fresh as the part");
        }
      }
      assertEquals(4 * PLACES * 3, cache.stats().imagesDescribed());
      assertEquals(4, cache.stats().databaseRefreshes());
      assertEquals(4L * PLACES * 3, model.described);
    }
  }

  @Test
  void reuseDescribesTheDatabaseOncePerGroupOfPartsAndOnlyThePartsQueries() {
    VersionedModel model = new VersionedModel();
    try (MiningCache cache = new MiningCache(model, set, 5, 2, dir)) {
      List<float[][]> seen = epoch(cache, model, 0);
      List<int[]> parts = TrainingSet.subsets(set.queries(), 2);
      for (int part = 0; part < 4; part++) {
        float[][] rows = seen.get(part);
        for (int r = 0; r < PLACES * 2; r++) {
          assertEquals(r, rows[r][0], "database row " + r + " holds its own image");
          assertEquals(part / 2 * 2, rows[r][1], "database described at the first part of its group");
        }
        for (int i = 0; i < parts.get(part).length; i++) {
          float[] row = rows[PLACES * 2 + i];
          assertEquals(PLACES * 2 + parts.get(part)[i], row[0], "query row holds the query's image");
          assertEquals(part, row[1], "queries are always fresh");
        }
      }
      // 2 database descriptions of 16 images + each of the 8 queries once.
      assertEquals(2 * PLACES * 2 + PLACES, cache.stats().imagesDescribed());
      assertEquals(2, cache.stats().databaseRefreshes());
      // A new epoch starts a new group: the database is described again at its first part.
      List<float[][]> next = epoch(cache, model, 1);
      assertEquals(4, next.get(0)[0][1]);
    }
  }

  @Test
  void aQueryOutsideThePartHasNoDescriptor() {
    VersionedModel model = new VersionedModel();
    try (MiningCache cache = new MiningCache(model, set, 5, 3, dir);
        MiningCache.Part p = cache.forPart(0, 0, 4, new int[] {0, 1})) {
      assertEquals(PLACES * 2 + 1, p.rows().row(PLACES * 2 + 1)[0], "query 1 is image 17");
      assertThrows(IllegalStateException.class, () -> p.rows().row(PLACES * 2 + 5));
    }
  }
}
