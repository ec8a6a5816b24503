package org.vpr4j.guidance;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.vpr4j.data.CityscapesClass;
import org.vpr4j.data.DbStruct;
import org.vpr4j.data.DbStructWriter;
import org.vpr4j.data.LabelImages;

/**
 * A very small Pittsburgh-layout dataset with label images: places on a line 30 m apart, each a
 * facade of coloured blocks (building, train id 2); every picture adds a sky band of a random
 * colour (10) and a car (13) at a random spot, drawn into the picture and its label image alike.
 */
final class LabelledTinyCity {
  private LabelledTinyCity() {}

  static void write(Path root, String name, int places, int width, int height, long seed, boolean labels)
      throws Exception {
    Random r = new Random(seed);
    List<String> db = new ArrayList<>();
    List<String> q = new ArrayList<>();
    double[][] utmDb = new double[places * 2][];
    double[][] utmQ = new double[places][];
    for (int p = 0; p < places; p++) {
      long facade = r.nextLong();
      for (int v = 0; v < 2; v++) {
        String f = String.format("000/%s_%03d_v%d.png", name, p, v);
        render(root, Path.of(f), facade, width, height, r, labels);
        db.add(f);
        utmDb[p * 2 + v] = new double[] {1000 + 30.0 * p + v, 5000};
      }
      String f = String.format("000/%s_%03d_q.png", name, p);
      render(root, Path.of("queries_real").resolve(f), facade, width, height, r, labels);
      q.add(f);
      utmQ[p] = new double[] {1000 + 30.0 * p + 3, 5000};
    }
    DbStructWriter.write(root.resolve("datasets").resolve(name + ".mat"),
        new DbStruct(name.substring(name.indexOf('_') + 1), db, utmDb, q, utmQ, 25, 625, 100));
  }

  private static void render(Path root, Path relative, long facade, int w, int h, Random noise, boolean labels)
      throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    BufferedImage ids = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    Graphics2D l = ids.createGraphics();
    Random p = new Random(facade);
    paint(g, l, new Color(p.nextInt(256), p.nextInt(256), p.nextInt(256)), CityscapesClass.BUILDING, 0, 0, w, h);
    for (int i = 0; i < 6; i++) {
      paint(g, l, new Color(p.nextInt(256), p.nextInt(256), p.nextInt(256)), CityscapesClass.BUILDING,
          p.nextInt(w), h / 4 + p.nextInt(h - h / 4), 4 + p.nextInt(w / 3), 4 + p.nextInt(h / 3));
    }
    paint(g, l, new Color(noise.nextInt(256), noise.nextInt(256), 255), CityscapesClass.SKY, 0, 0, w, h / 4);
    paint(g, l, new Color(noise.nextInt(256), noise.nextInt(256), noise.nextInt(256)), CityscapesClass.CAR,
        noise.nextInt(w / 2), h / 2 + noise.nextInt(h / 4), w / 3, h / 4);
    g.dispose();
    l.dispose();
    Path image = root.resolve(relative);
    Files.createDirectories(image.getParent());
    ImageIO.write(img, "png", image.toFile());
    if (labels) {
      Path label = LabelImages.pathFor(root, relative);
      Files.createDirectories(label.getParent());
      ImageIO.write(ids, "png", label.toFile());
    }
  }

  private static void paint(Graphics2D image, Graphics2D label, Color c, CityscapesClass cls, int x, int y, int w,
      int h) {
    image.setColor(c);
    image.fillRect(x, y, w, h);
    int id = cls.trainId();
    label.setColor(new Color(id, id, id));
    label.fillRect(x, y, w, h);
  }
}
