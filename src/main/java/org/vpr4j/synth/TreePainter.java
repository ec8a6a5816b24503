package org.vpr4j.synth;

import java.util.SplittableRandom;

/**
 * Paints a street tree: trunk and a crown of overlapping blobs. The blob layout belongs to the tree
 * (seeded by its position) so it is the same in every image; the foliage colour and fullness come
 * from the capture's season, one of the changes between visits.
 */
final class TreePainter {
  private static final Rgb TRUNK = Rgb.of(0x4a3a2c);

  private TreePainter() {}

  static void paint(SceneCanvas scene, StreetProp tree) {
    Surface s = Surface.billboard(scene, new Vec3(tree.x(), tree.y(), 0));
    double h = tree.height();
    double trunkTop = h * (tree.variant() == 2 ? 0.55 : 0.42);
    s.rect(-0.13, 0, 0.13, trunkTop + 0.5, TRUNK, TrainIds.VEGETATION);
    s.polygon(TRUNK, TrainIds.VEGETATION, -0.05, trunkTop, 0.05, trunkTop, 0.7, trunkTop + 1.2, 0.6,
        trunkTop + 1.3);

    Lighting light = scene.lighting();
    double fullness = light.foliageDensity();
    Rgb base = tree.colour().mix(light.foliage(), 0.6);
    double radius = (h - trunkTop) * 0.5 * (0.8 + 0.2 * fullness);
    double centre = trunkTop + radius * 0.95;
    SplittableRandom shapeRng = Seeds.random(Double.doubleToLongBits(tree.x()), Double.doubleToLongBits(tree.y()));
    int blobs = 6 + shapeRng.nextInt(5);
    double squash = tree.variant() == 1 ? 0.7 : 1.0;
    for (int i = 0; i < blobs; i++) {
      double angle = shapeRng.nextDouble() * 2 * Math.PI;
      double dist = radius * Seeds.uniform(shapeRng, 0.15, 0.55);
      double r = radius * Seeds.uniform(shapeRng, 0.45, 0.65) * (0.75 + 0.25 * fullness);
      double ca = StrictMath.cos(angle) * dist;
      double cv = centre + StrictMath.sin(angle) * dist * squash;
      // Blobs higher up catch more light: a cheap hint of volume.
      double lift = 0.8 + 0.35 * (cv - trunkTop) / (2 * radius);
      s.ellipse(ca, cv, r, r * squash, base.times(lift), TrainIds.VEGETATION);
    }
  }
}
