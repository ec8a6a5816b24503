package org.vpr4j.synth;

import java.util.List;
import org.vpr4j.synth.Facade.WindowShape;

/**
 * Paints the street face of a building: wall, cornice, window grid, balconies and the ground
 * floor (shop front or entrance). Everything is labelled building, as in Cityscapes.
 */
final class FacadePainter {
  private static final int B = TrainIds.BUILDING;
  /** Bays narrower than this on screen are painted as one blended band instead of windows. */
  private static final double MIN_BAY_PIXELS = 3;

  private FacadePainter() {}

  static void paint(SceneCanvas scene, Building b, Surface face) {
    Facade f = b.facade();
    double w = b.width();
    double h = b.height();
    face.rect(0, 0, w, h, f.wall(), B);

    double gf = Math.min(f.groundFloorHeight(), h * 0.6);
    int bays = Math.max(1, (int) Math.round(w / f.bayWidth()));
    double bay = w / bays;
    if (f.pilasters()) {
      for (int k = 0; k <= bays; k++) {
        double a = Math.max(0.2, Math.min(w - 0.2, k * bay));
        face.rect(a - 0.2, gf, a + 0.2, h - 0.6, f.trim(), B);
      }
    }
    face.rect(0, h - 0.7, w, h, f.trim(), B);
    face.rect(0, h - 0.85, w, h - 0.7, f.trim().times(0.7), B);
    face.rect(0, gf - 0.15, w, gf + 0.12, f.trim(), B);

    int floors = Math.max(0, (int) ((h - gf - 0.8) / f.floorHeight()));
    for (int k = 0; k < bays; k++) {
      double centre = (k + 0.5) * bay;
      if (pixelsPerMetre(scene, b, centre) * bay < MIN_BAY_PIXELS) {
        double share = f.windowWidth() * f.windowHeight();
        face.rect(k * bay, gf + 0.12, (k + 1) * bay, gf + floors * f.floorHeight(), f.wall().mix(f.glass(), share), B);
        continue;
      }
      for (int fl = 0; fl < floors; fl++) {
        double base = gf + fl * f.floorHeight();
        window(scene, face, f, centre, bay, base, f.floorHeight());
        if (f.balconies() && fl % 2 == 1 && k % 2 == 0) {
          balcony(scene, b, centre, bay, base, f);
        }
      }
    }
    if (f.shop() != null) {
      ShopFrontPainter.paint(scene, b, face, gf);
    } else {
      entrance(scene, face, f, w, gf, bays, bay);
    }
  }

  private static void window(SceneCanvas scene, Surface face, Facade f, double centre, double bay, double base,
      double floor) {
    double half = f.windowWidth() * bay / 2;
    double wh = f.windowHeight() * floor;
    WindowShape shape = f.windowShape();
    if (shape == WindowShape.TALL) {
      half *= 0.75;
      wh = Math.min(floor * 0.8, wh * 1.3);
    } else if (shape == WindowShape.SQUARE) {
      half = Math.min(half, wh / 2);
      wh = 2 * half;
    }
    double v0 = base + (floor - wh) * 0.55;
    double v1 = v0 + wh;
    Rgb glass = f.glass().mix(scene.lighting().skyTop(), 0.22).times(0.85);
    double fr = 0.08;
    face.rect(centre - half - 0.15, v0 - 0.16, centre + half + 0.15, v0 - 0.04, f.trim(), B);
    if (shape == WindowShape.ARCHED) {
      double arch = Math.min(half, wh * 0.4);
      face.rect(centre - half - fr, v0 - fr, centre + half + fr, v1 - arch, f.frame(), B);
      face.ellipse(centre, v1 - arch, half + fr, arch + fr, f.frame(), B);
      face.rectUnlit(centre - half, v0, centre + half, v1 - arch, glass, B);
      face.ellipseUnlit(centre, v1 - arch, half, arch, glass, B);
    } else {
      face.rect(centre - half - fr, v0 - fr, centre + half + fr, v1 + fr, f.frame(), B);
      face.rectUnlit(centre - half, v0, centre + half, v1, glass, B);
    }
    if (half > 0.5) {
      face.rect(centre - 0.035, v0, centre + 0.035, v1, f.frame(), B);
      face.rect(centre - half, v0 + wh * 0.68, centre + half, v0 + wh * 0.68 + 0.06, f.frame(), B);
    }
  }

  private static void balcony(SceneCanvas scene, Building b, double centre, double bay, double base, Facade f) {
    double half = bay * 0.42;
    double out = 0.9;
    Vec3 n = b.normal();
    Rgb rail = f.frame().times(0.8);
    Surface front = new Surface(scene, b.facadePoint(0, 0, out), b.u(), Vec3.UP, n);
    front.rect(centre - half, base - 0.2, centre + half, base, f.trim().times(0.8), B);
    front.rect(centre - half, base + 0.95, centre + half, base + 1.02, rail, B);
    for (double a = centre - half; a <= centre + half + 1e-6; a += 0.3) {
      front.rect(a - 0.025, base, a + 0.025, base + 0.95, rail, B);
    }
    // The slab seen from below, between the wall and the railing.
    scene.fill(List.of(b.facadePoint(centre - half, base - 0.2, 0), b.facadePoint(centre + half, base - 0.2, 0),
        b.facadePoint(centre + half, base - 0.2, out), b.facadePoint(centre - half, base - 0.2, out)),
        f.trim().times(0.6), Vec3.UP.times(-1), B);
  }

  private static void entrance(SceneCanvas scene, Surface face, Facade f, double w, double gf, int bays,
      double bay) {
    double doorCentre = Math.max(0.9, Math.min(w - 0.9, f.doorPosition() * w));
    int doorBay = (int) Math.min(bays - 1, doorCentre / bay);
    for (int k = 0; k < bays; k++) {
      if (k != doorBay) {
        window(scene, face, f, (k + 0.5) * bay, bay, 0.2, gf - 0.2);
      }
    }
    face.rect(doorCentre - 0.7, 0, doorCentre + 0.7, 2.55, f.trim(), B);
    face.rect(doorCentre - 0.55, 0, doorCentre + 0.55, 2.4, f.door(), B);
    face.rect(doorCentre - 0.35, 1.4, doorCentre + 0.35, 2.1, f.door().times(0.7), B);
  }

  /** Screen pixels per metre at a point of the facade's foot, to decide how much detail pays off. */
  private static double pixelsPerMetre(SceneCanvas scene, Building b, double along) {
    Vec3 p = b.facadePoint(along, Math.min(b.height(), 3), 0);
    double d = p.minus(scene.camera().eye()).length();
    return scene.camera().focal() / Math.max(d, 0.5);
  }
}
