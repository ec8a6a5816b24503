package org.vpr4j.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The label image must describe what the picture shows, pixel for pixel. */
class LabelledRenderingTest {

  @Test
  void everyTrainIdSurvivesExactlyAndLabelsAreNotAntialiased() {
    int[] ids = new int[20];
    for (int i = 0; i < 19; i++) {
      ids[i] = i;
    }
    ids[19] = TrainIds.VOID;
    try (LabelledCanvas canvas = new LabelledCanvas(ids.length * 4, 8)) {
      for (int i = 0; i < ids.length; i++) {
        canvas.fill(new Rectangle2D.Double(i * 4, 0, 4, 8), new Color(200, 10 * i, 0), ids[i]);
      }
      canvas.fill(new Ellipse2D.Double(1.3, 1.3, 5.1, 5.1), Color.WHITE, TrainIds.PERSON);
      byte[] labels = canvas.labelBytes();
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < ids.length; i++) {
        assertEquals(ids[i], labels[7 * canvas.width() + i * 4 + 2] & 0xFF, "column block " + i);
      }
      for (byte b : labels) {
        seen.add(b & 0xFF);
      }
      // The antialiased ellipse leaves blended picture pixels, but only whole ids in the labels.
      Set<Integer> allowed = new HashSet<>();
      for (int id : ids) {
        allowed.add(id);
      }
      assertTrue(allowed.containsAll(seen), "unexpected ids " + seen);
      assertTrue(seen.contains(TrainIds.PERSON));
    }
  }

  @Test
  void labelBoundariesFollowTheEdgesOfThePicture() {
    SynthConfig config = new SynthConfig(11, 16, 1, 1, 2, 1, 160, 120, 0.5, 90, 1);
    Place place = CityPlanner.plan(config).places(Split.TRAIN).get(5);
    Set<Integer> classes = new HashSet<>();
    for (Shot shot : ShotPlanner.database(place, config)) {
      Camera camera = new Camera(shot.eye(), shot.yaw(), shot.pitch(), shot.roll(), shot.hfovDegrees(), 160, 120);
      try (LabelledCanvas canvas = SceneRenderer.render(place.street(), camera,
          Lighting.sample(Seeds.random(3), place.street().heading()),
          DynamicObjects.place(Seeds.random(4), place.street(), shot.eye(), 0.5), Seeds.random(5))) {
        BufferedImage picture = canvas.picture();
        byte[] labels = canvas.labelBytes();
        for (byte b : labels) {
          classes.add(b & 0xFF);
        }
        // Colour jumps where the labels change should be far larger than where they do not; labels
        // shifted by three pixels (a deliberately misaligned control) must score clearly worse.
        double aligned = edgeContrast(picture, labels, 0);
        double shifted = edgeContrast(picture, labels, 3);
        assertTrue(aligned > 2.5, "colour changes across label edges are only " + aligned + "x those inside regions");
        assertTrue(aligned > 1.5 * shifted, "aligned " + aligned + " vs misaligned " + shifted);
        assertEquals(TrainIds.ROAD, labels[119 * 160 + 80] & 0xFF, "the camera stands on the road");
      }
    }
    assertTrue(classes.containsAll(List.of(TrainIds.ROAD, TrainIds.SIDEWALK, TrainIds.BUILDING, TrainIds.SKY,
        TrainIds.CAR)), "a street view shows road, sidewalk, buildings, sky and cars: " + classes);
  }

  /**
   * Mean colour step between neighbours (horizontal and vertical) across label edges over the mean
   * step inside label regions, with the labels displaced by {@code shift} pixels along the step.
   */
  private static double edgeContrast(BufferedImage picture, byte[] labels, int shift) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    double[] sum = new double[2];
    int[] count = new int[2];
    for (int y = 0; y + 1 + shift < h; y++) {
      for (int x = 0; x + 1 + shift < w; x++) {
        int here = picture.getRGB(x, y);
        int right = labels[y * w + x + shift] != labels[y * w + x + 1 + shift] ? 1 : 0;
        sum[right] += colourDistance(here, picture.getRGB(x + 1, y));
        count[right]++;
        int below = labels[(y + shift) * w + x] != labels[(y + 1 + shift) * w + x] ? 1 : 0;
        sum[below] += colourDistance(here, picture.getRGB(x, y + 1));
        count[below]++;
      }
    }
    assertTrue(count[0] > 100 && count[1] > 100);
    return (sum[1] / count[1]) / (sum[0] / count[0]);
  }

  private static double colourDistance(int p, int q) {
    int dr = ((p >> 16) & 0xFF) - ((q >> 16) & 0xFF);
    int dg = ((p >> 8) & 0xFF) - ((q >> 8) & 0xFF);
    int db = (p & 0xFF) - (q & 0xFF);
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }
}
