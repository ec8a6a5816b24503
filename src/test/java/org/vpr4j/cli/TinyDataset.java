package org.vpr4j.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.vpr4j.data.DbStruct;
import org.vpr4j.data.DbStructWriter;

/**
 * A very small dataset in the Pittsburgh layout for CLI tests: places on a line 30 m apart, each
 * with its own pattern of coloured blocks; database images and queries are noisy renderings of
 * the place's pattern, so retrieval is learnable and fast.
 */
public final class TinyDataset {
  private TinyDataset() {}

  public static void write(Path root, String name, int places, int width, int height, long seed) throws Exception {
    Random r = new Random(seed);
    List<String> db = new ArrayList<>();
    List<String> q = new ArrayList<>();
    double[][] utmDb = new double[places * 2][];
    double[][] utmQ = new double[places][];
    for (int p = 0; p < places; p++) {
      long pattern = r.nextLong();
      for (int v = 0; v < 2; v++) {
        String f = String.format("000/%s_%03d_v%d.png", name, p, v);
        render(root.resolve(f), pattern, width, height, r);
        db.add(f);
        utmDb[p * 2 + v] = new double[] {1000 + 30.0 * p + v, 5000};
      }
      String f = String.format("000/%s_%03d_q.png", name, p);
      render(root.resolve("queries_real").resolve(f), pattern, width, height, r);
      q.add(f);
      utmQ[p] = new double[] {1000 + 30.0 * p + 3, 5000};
    }
    DbStructWriter.write(root.resolve("datasets").resolve(name + ".mat"),
        new DbStruct(name.substring(name.indexOf('_') + 1), db, utmDb, q, utmQ, 25, 625, 100));
  }

  /**
   * The same kind of places as a TokyoTM split ({@code datasets/<name>.mat} with capture dates,
   * images under {@code tokyoTimeMachine/images/}): each place's first database image shares its
   * query's date, the second is of another date.
   */
  public static void writeTokyoTm(Path root, String name, int places, int width, int height, long seed)
      throws Exception {
    Random r = new Random(seed);
    Path images = root.resolve("tokyoTimeMachine").resolve("images");
    List<String> db = new ArrayList<>();
    List<String> q = new ArrayList<>();
    double[][] utmDb = new double[places * 2][];
    double[][] utmQ = new double[places][];
    double[] dateDb = new double[places * 2];
    double[] dateQ = new double[places];
    for (int p = 0; p < places; p++) {
      long pattern = r.nextLong();
      for (int v = 0; v < 2; v++) {
        String f = String.format("db/%s_%03d_v%d.png", name, p, v);
        render(images.resolve(f), pattern, width, height, r);
        db.add(f);
        utmDb[p * 2 + v] = new double[] {1000 + 30.0 * p + v, 5000};
        dateDb[p * 2 + v] = v == 0 ? 201105 : 201206;
      }
      String f = String.format("q/%s_%03d_q.png", name, p);
      render(images.resolve(f), pattern, width, height, r);
      q.add(f);
      utmQ[p] = new double[] {1000 + 30.0 * p + 3, 5000};
      dateQ[p] = 201105;
    }
    DbStructWriter.write(root.resolve("datasets").resolve(name + ".mat"),
        new DbStruct("val", db, utmDb, q, utmQ, 25, 625, 100, dateDb, dateQ));
  }

  private static void render(Path file, long pattern, int w, int h, Random noise) throws Exception {
    Random p = new Random(pattern);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(p.nextInt(256), p.nextInt(256), p.nextInt(256)));
    g.fillRect(0, 0, w, h);
    for (int i = 0; i < 8; i++) {
      g.setColor(new Color(p.nextInt(256), p.nextInt(256), p.nextInt(256)));
      int dx = noise.nextInt(3) - 1;
      g.fillRect(p.nextInt(w) + dx, p.nextInt(h), 4 + p.nextInt(w / 3), 4 + p.nextInt(h / 3));
    }
    g.dispose();
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }
}
