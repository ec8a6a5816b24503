package org.vpr4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The XChart recall plot is a real PNG with something drawn on it. */
class RecallPlotTest {
  @Test
  void rendersAValidNonEmptyPng() throws Exception {
    TreeMap<Integer, Double> a = new TreeMap<>();
    TreeMap<Integer, Double> paper = new TreeMap<>();
    int[] ns = {1, 5, 10, 20};
    for (int i = 0; i < ns.length; i++) {
      a.put(ns[i], 60.0 + 10 * i);
      paper.put(ns[i], 70.0 + 8 * i);
    }
    byte[] png = new RecallPlot("Recall@N").curve("ours", a).curve("paper", paper).png(640, 400);
    assertTrue(png.length > 1000, "a chart PNG of some kilobytes, got " + png.length + " bytes");
    assertEquals(0x89, png[0] & 0xff);
    assertEquals('P', png[1]);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(img);
    assertEquals(640, img.getWidth());
    assertEquals(400, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 10, "axes, text and two curves, not a blank canvas: " + colours.size() + " colours");
  }

  @Test
  void curvesMustBeNamedUniquelyAndHavePoints() {
    TreeMap<Integer, Double> a = new TreeMap<>();
    a.put(1, 50.0);
    RecallPlot plot = new RecallPlot("t").curve("x", a);
    assertThrows(IllegalArgumentException.class, () -> plot.curve("x", a));
    assertThrows(IllegalArgumentException.class, () -> plot.curve("y", new TreeMap<>()));
    assertThrows(IllegalStateException.class, () -> new RecallPlot("empty").png(100, 100));
  }
}
