package org.vpr4j.synth;

import java.awt.GradientPaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.SplittableRandom;

/**
 * Paints the sky: a gradient from the horizon colour to the zenith colour of the capture's time
 * of day, with a random set of clouds. Both change from one visit to the next.
 */
final class SkyPainter {
  private SkyPainter() {}

  static void paint(SceneCanvas scene, SplittableRandom rng) {
    Camera cam = scene.camera();
    Lighting light = scene.lighting();
    LabelledCanvas canvas = scene.canvas();
    Rectangle2D all = new Rectangle2D.Double(0, 0, canvas.width(), canvas.height());
    double[] horizon = cam.projectDirection(Vec3.direction(cam.yaw(), 0));
    double[] high = cam.projectDirection(Vec3.direction(cam.yaw(), Math.toRadians(45)));
    if (horizon == null || high == null) {
      canvas.fill(all, light.skyTop().toColor(), TrainIds.SKY);
    } else {
      canvas.fill(all, new GradientPaint((float) horizon[0], (float) horizon[1], light.skyHorizon().toColor(),
          (float) high[0], (float) high[1], light.skyTop().toColor()), TrainIds.SKY);
    }
    int clouds = (int) Math.round(light.cloudiness() * 9);
    for (int i = 0; i < clouds; i++) {
      paintCloud(scene, rng);
    }
  }

  private static void paintCloud(SceneCanvas scene, SplittableRandom rng) {
    Camera cam = scene.camera();
    double azimuth = cam.yaw() + Seeds.uniform(rng, -0.9, 0.9);
    double elevation = Seeds.uniform(rng, 0.06, 0.5);
    double size = Seeds.uniform(rng, 0.04, 0.12); // angular radius of the cloud's core
    Rgb colour = scene.lighting().cloud();
    int puffs = 3 + rng.nextInt(5);
    for (int p = 0; p < puffs; p++) {
      double da = Seeds.uniform(rng, -2.2, 2.2) * size;
      double de = Seeds.uniform(rng, -0.3, 0.5) * size;
      double[] centre = cam.projectDirection(Vec3.direction(azimuth + da, elevation + de));
      if (centre == null) {
        continue;
      }
      double rx = cam.focal() * size * Seeds.uniform(rng, 0.6, 1.2);
      double ry = rx * Seeds.uniform(rng, 0.45, 0.7);
      Rgb shadeOfPuff = colour.times(Seeds.uniform(rng, 0.9, 1.04)).clamped();
      scene.canvas().fill(new Ellipse2D.Double(centre[0] - rx, centre[1] - ry, 2 * rx, 2 * ry),
          shadeOfPuff.toColor(), TrainIds.SKY);
    }
  }
}
