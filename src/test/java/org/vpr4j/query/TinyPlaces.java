package org.vpr4j.query;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A tiny dataset in the UTM-folder layout ({@code ROOT/images/<split>/database|queries/}, names
 * {@code @east@north@...@.png}) for query and report tests: places 40 m apart on a line, two
 * database views and one query per place, all noisy renderings of the place's own pattern of
 * coloured blocks. A query is 3 m from its place, so exactly its place's two views are within
 * 25 m.
 */
public final class TinyPlaces {
  public static final double SPACING = 40;

  private TinyPlaces() {}

  /** Writes the split and returns the dataset root. */
  public static Path write(Path root, String split, int places, long seed) throws Exception {
    Random r = new Random(seed);
    Path base = root.resolve("images").resolve(split);
    for (int p = 0; p < places; p++) {
      long pattern = r.nextLong();
      double east = 585000 + SPACING * p;
      for (int v = 0; v < 2; v++) {
        render(base.resolve("database").resolve(name(east + v, 4470000, "db" + p + "v" + v)), pattern, r);
      }
      render(base.resolve("queries").resolve(name(east + 3, 4470000, "q" + p)), pattern, r);
    }
    return root;
  }

  static String name(double east, double north, String tag) {
    return String.format(Locale.ROOT, "@%.2f@%.2f@17@T@40.0@-3.0@%s@.png", east, north, tag);
  }

  private static void render(Path file, long pattern, Random noise) throws Exception {
    int w = 64;
    int h = 48;
    Random p = new Random(pattern);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(p.nextInt(256), p.nextInt(256), p.nextInt(256)));
    g.fillRect(0, 0, w, h);
    for (int i = 0; i < 6; i++) {
      g.setColor(new Color(p.nextInt(256), p.nextInt(256), p.nextInt(256)));
      g.fillRect(p.nextInt(w) + noise.nextInt(3) - 1, p.nextInt(h), 6 + p.nextInt(w / 3), 6 + p.nextInt(h / 3));
    }
    g.dispose();
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }
}
