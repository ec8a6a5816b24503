package org.vpr4j.synth;

import java.util.List;

/**
 * Paints everything flat: pavement, the street and cross streets, lane markings, zebra crossings,
 * manholes, kerbs and the ground of empty plots. Nothing can hide behind the ground, so it is
 * painted right after the sky.
 */
final class GroundPainter {
  /** Ground is cut into pieces this long so that each piece gets its own haze. */
  private static final double PIECE = 10;
  private static final double FAR = 400;
  private static final Rgb WHITE_PAINT = Rgb.of(0xe8e8e0);
  private static final Rgb YELLOW_PAINT = Rgb.of(0xe0b526);
  private static final Rgb MANHOLE = Rgb.of(0x2e2e2e);
  private static final Rgb KERB = Rgb.of(0xbdb8ae);
  private static final Rgb GRASS = Rgb.of(0x5f7f3a);
  private static final Rgb GRAVEL = Rgb.of(0x8d8272);

  private GroundPainter() {}

  static void paint(SceneCanvas scene, Street street) {
    double r = street.roadHalfWidth();
    double len = street.length();
    double cw = street.crossWidth();
    double crossSidewalk = street.sidewalkWidth();
    Rgb pavement = street.pavement();
    Rgb asphalt = street.asphalt();

    strip(scene, -FAR, len + FAR, -FAR, FAR, pavement, TrainIds.SIDEWALK);
    for (Lot lot : street.lots()) {
      double near = lot.side() * lot.frontY();
      double far = lot.side() * (lot.frontY() + lot.depth());
      strip(scene, lot.x0(), lot.x1(), Math.min(near, far), Math.max(near, far),
          lot.grass() ? GRASS : GRAVEL, TrainIds.TERRAIN);
    }
    // Cross streets, then the street itself over the intersections.
    strip(scene, -cw + crossSidewalk, -crossSidewalk, -FAR, FAR, asphalt, TrainIds.ROAD);
    strip(scene, len + crossSidewalk, len + cw - crossSidewalk, -FAR, FAR, asphalt, TrainIds.ROAD);
    strip(scene, -cw, len + cw, -r, r, asphalt, TrainIds.ROAD);

    paintMarkings(scene, street);
    for (Vec3 m : street.manholes()) {
      Surface ground = new Surface(scene, m, new Vec3(1, 0, 0), new Vec3(0, 1, 0), Vec3.UP);
      ground.ellipse(0, 0, 0.35, 0.35, MANHOLE, TrainIds.ROAD);
    }
    for (int side : new int[] {1, -1}) {
      // The kerb: a low step along the sidewalk edge, facing the road.
      Vec3 normal = new Vec3(0, -side, 0);
      for (double x = 0; x < len; x += PIECE) {
        double x1 = Math.min(len, x + PIECE);
        scene.fill(List.of(new Vec3(x, side * r, 0), new Vec3(x1, side * r, 0), new Vec3(x1, side * r, 0.14),
            new Vec3(x, side * r, 0.14)), KERB, normal, TrainIds.SIDEWALK);
      }
    }
  }

  private static void paintMarkings(SceneCanvas scene, Street street) {
    double r = street.roadHalfWidth();
    double len = street.length();
    if (street.yellowCentreLine()) {
      for (double x = 0; x < len; x += PIECE) {
        double x1 = Math.min(len, x + PIECE);
        strip(scene, x, x1, 0.1, 0.22, YELLOW_PAINT, TrainIds.ROAD);
        strip(scene, x, x1, -0.22, -0.1, YELLOW_PAINT, TrainIds.ROAD);
      }
    } else {
      for (double x = 5; x < len - 3; x += 9) {
        strip(scene, x, x + 3, -0.08, 0.08, WHITE_PAINT, TrainIds.ROAD);
      }
    }
    // Parking lanes along both kerbs.
    for (double x = 6; x < len - 6; x += PIECE) {
      double x1 = Math.min(len - 6, x + PIECE);
      strip(scene, x, x1, r - 2.3, r - 2.2, WHITE_PAINT, TrainIds.ROAD);
      strip(scene, x, x1, -r + 2.2, -r + 2.3, WHITE_PAINT, TrainIds.ROAD);
    }
    for (double cx : street.crosswalks()) {
      for (double y = -r + 0.3; y < r - 0.4; y += 1.0) {
        strip(scene, cx - 1.5, cx + 1.5, y, y + 0.5, WHITE_PAINT, TrainIds.ROAD);
      }
    }
  }

  /** A ground rectangle, cut into pieces along x (and y when wide) for per-piece haze. */
  static void strip(SceneCanvas scene, double x0, double x1, double y0, double y1, Rgb albedo, int label) {
    double stepY = (y1 - y0) > 4 * PIECE ? 4 * PIECE : (y1 - y0);
    double stepX = (x1 - x0) > 8 * PIECE ? 4 * PIECE : PIECE;
    Vec3 eye = scene.camera().eye();
    for (double x = x0; x < x1; x += step(x, eye.x(), stepX)) {
      double xe = Math.min(x1, x + step(x, eye.x(), stepX));
      for (double y = y0; y < y1; y += step(y, eye.y(), stepY)) {
        double ye = Math.min(y1, y + step(y, eye.y(), stepY));
        scene.fill(List.of(new Vec3(x, y, 0), new Vec3(xe, y, 0), new Vec3(xe, ye, 0), new Vec3(x, ye, 0)),
            albedo, Vec3.UP, label);
      }
    }
  }

  /** Pieces grow with distance from the camera: fine near it, coarse far away. */
  private static double step(double at, double eye, double base) {
    return Math.max(base, Math.abs(at - eye) * 0.5);
  }
}
