package org.vpr4j.synth;

import java.util.List;
import org.vpr4j.synth.AxisBox.Face;

/** Paints vehicles from boxes and a sloped cabin, with glass, wheels and lights. */
final class VehiclePainter {
  private static final Rgb TYRE = Rgb.of(0x151515);
  private static final Rgb HUB = Rgb.of(0x8c8c8c);
  private static final Rgb HEADLIGHT = Rgb.of(0xf2f0e6);
  private static final Rgb TAILLIGHT = Rgb.of(0xa3141c);
  private static final Rgb PLATE = Rgb.of(0xf0f0ea);
  private static final Rgb GRILLE = Rgb.of(0x202224);

  private VehiclePainter() {}

  static void paint(SceneCanvas scene, Vehicle v) {
    double hl = v.length() / 2;
    double hw = v.width() / 2;
    AxisBox bounds = new AxisBox(v.x() - hl, v.x() + hl, v.y() - hw, v.y() + hw, 0, 3.3);
    if (!scene.camera().mayShow(bounds.corners().toArray(new Vec3[0]))) {
      return;
    }
    switch (v.kind()) {
      case CAR -> passenger(scene, v, 0.95, 1.47, 0.9, 0.55);
      case VAN -> passenger(scene, v, 1.0, 2.05, 0.65, 0.12);
      case TRUCK -> truck(scene, v);
      case BUS -> bus(scene, v);
    }
  }

  /** Lower body box plus a cabin whose top is shorter than its base (sloped windscreens). */
  private static void passenger(SceneCanvas scene, Vehicle v, double beltLine, double roof, double hood, double boot) {
    int label = v.label();
    double hl = v.length() / 2;
    double hw = v.width() / 2;
    AxisBox body = new AxisBox(v.x() - hl, v.x() + hl, v.y() - hw, v.y() + hw, 0.28, beltLine);
    body.paint(scene, v.colour(), label);
    wheels(scene, v, body, 0.32);
    lights(scene, v, body, label);

    int d = v.direction();
    double front = v.x() + d * hl;
    double back = v.x() - d * hl;
    double baseFront = front - d * hood;
    double baseBack = back + d * boot;
    double topFront = baseFront - d * (roof - beltLine) * 1.1;
    double topBack = baseBack + d * (roof - beltLine) * 0.6;
    double bw = hw - 0.06;
    double tw = hw - 0.18;
    Vec3[] b = {pt(baseBack, v.y() - bw, beltLine), pt(baseFront, v.y() - bw, beltLine),
        pt(baseFront, v.y() + bw, beltLine), pt(baseBack, v.y() + bw, beltLine)};
    Vec3[] t = {pt(topBack, v.y() - tw, roof), pt(topFront, v.y() - tw, roof), pt(topFront, v.y() + tw, roof),
        pt(topBack, v.y() + tw, roof)};
    Rgb glass = Rgb.of(0x1d2630).mix(scene.lighting().skyTop(), 0.3);
    // The cabin is a convex solid: paint every face that looks at the camera.
    Vec3 inside = new Vec3((baseFront + baseBack + topFront + topBack) / 4, v.y(), (beltLine + roof) / 2);
    cabinFace(scene, List.of(b[0], b[1], t[1], t[0]), glass, label, inside); // side at -y
    cabinFace(scene, List.of(b[2], b[3], t[3], t[2]), glass, label, inside); // side at +y
    cabinFace(scene, List.of(b[1], b[2], t[2], t[1]), glass, label, inside); // windscreen
    cabinFace(scene, List.of(b[3], b[0], t[0], t[3]), glass, label, inside); // rear window
    cabinFace(scene, List.of(t[0], t[1], t[2], t[3]), v.colour(), label, inside); // roof
    // B-pillars on the visible side, so the glass reads as two windows.
    double mid = (baseFront + baseBack) / 2;
    for (double side : new double[] {-1, 1}) {
      Vec3 n = new Vec3(0, side, 0.2);
      if (scene.camera().sees(pt(mid, v.y() + side * bw, beltLine), n)) {
        double midTop = (topFront + topBack) / 2;
        scene.fill(List.of(pt(mid - 0.07, v.y() + side * bw, beltLine), pt(mid + 0.07, v.y() + side * bw, beltLine),
            pt(midTop + 0.07, v.y() + side * tw, roof), pt(midTop - 0.07, v.y() + side * tw, roof)), v.colour(), n,
            label);
      }
    }
  }

  private static void truck(SceneCanvas scene, Vehicle v) {
    int d = v.direction();
    double hl = v.length() / 2;
    double hw = v.width() / 2;
    double front = v.x() + d * hl;
    double cabBack = front - d * 2.3;
    AxisBox cab = box(Math.min(front, cabBack), Math.max(front, cabBack), v.y() - hw + 0.05, v.y() + hw - 0.05,
        0.45, 2.75);
    double back = v.x() - d * hl;
    double cargoFront = cabBack - d * 0.15;
    AxisBox cargo = box(Math.min(back, cargoFront), Math.max(back, cargoFront), v.y() - hw, v.y() + hw, 0.6, 3.3);
    // Draw the farther part first: the cab hides the cargo box when seen from the front.
    boolean cabNearer = Math.abs(scene.camera().eye().x() - front) < Math.abs(scene.camera().eye().x() - back);
    AxisBox first = cabNearer ? cargo : cab;
    AxisBox second = cabNearer ? cab : cargo;
    Rgb cargoColour = Rgb.of(0xe6e6e2);
    first.paint(scene, first == cab ? v.colour() : cargoColour, TrainIds.TRUCK);
    second.paint(scene, second == cab ? v.colour() : cargoColour, TrainIds.TRUCK);
    Face windscreen = d > 0 ? Face.MAX_X : Face.MIN_X;
    if (cab.visible(scene, windscreen)) {
      Surface s = cab.surface(scene, windscreen);
      s.rectUnlit(0.15, 1.35, cab.faceWidth(windscreen) - 0.15, 2.2, Rgb.of(0x1d2630), TrainIds.TRUCK);
      s.rect(0.3, 0.55, cab.faceWidth(windscreen) - 0.3, 0.95, GRILLE, TrainIds.TRUCK);
    }
    wheels(scene, v, cargo, 0.5);
    wheels(scene, v, cab, 0.5);
  }

  private static void bus(SceneCanvas scene, Vehicle v) {
    double hl = v.length() / 2;
    double hw = v.width() / 2;
    AxisBox body = new AxisBox(v.x() - hl, v.x() + hl, v.y() - hw, v.y() + hw, 0.35, 3.1);
    body.paint(scene, v.colour(), TrainIds.BUS);
    Rgb glass = Rgb.of(0x1a222b).mix(scene.lighting().skyTop(), 0.25);
    for (Face f : new Face[] {Face.MIN_Y, Face.MAX_Y}) {
      if (body.visible(scene, f)) {
        Surface s = body.surface(scene, f);
        double len = body.faceWidth(f);
        s.rectUnlit(0.4, 1.0, len - 0.4, 2.2, glass, TrainIds.BUS);
        for (double a = 1.6; a < len - 0.5; a += 1.3) {
          s.rect(a - 0.06, 1.0, a + 0.06, 2.2, v.colour().times(0.85), TrainIds.BUS);
        }
        s.rect(0, 0.25, len, 0.4, Rgb.of(0x333333), TrainIds.BUS);
      }
    }
    Face front = v.direction() > 0 ? Face.MAX_X : Face.MIN_X;
    if (body.visible(scene, front)) {
      Surface s = body.surface(scene, front);
      s.rectUnlit(0.15, 0.8, v.width() - 0.15, 2.35, glass, TrainIds.BUS);
      s.rectUnlit(0.4, 2.45, v.width() - 0.4, 2.65, Rgb.of(0xffa000), TrainIds.BUS);
    }
    wheels(scene, v, new AxisBox(body.x0() + 1.2, body.x1() - 2.0, body.y0(), body.y1(), 0.35, 3.1), 0.5);
  }

  /** Two wheels on the long side of {@code box} that faces the camera. */
  private static void wheels(SceneCanvas scene, Vehicle v, AxisBox box, double radius) {
    for (Face f : new Face[] {Face.MIN_Y, Face.MAX_Y}) {
      if (!box.visible(scene, f)) {
        continue;
      }
      double side = f == Face.MIN_Y ? -1 : 1;
      Surface s = new Surface(scene, new Vec3(0, v.y() + side * (v.width() / 2 + 0.01), 0), new Vec3(1, 0, 0),
          Vec3.UP, AxisBox.normal(f));
      double inset = Math.min(0.85, (box.x1() - box.x0()) * 0.2);
      for (double x : new double[] {box.x0() + inset, box.x1() - inset}) {
        s.ellipse(x, radius, radius, radius, TYRE, v.label());
        s.ellipse(x, radius, radius * 0.5, radius * 0.5, HUB, v.label());
      }
    }
  }

  private static void lights(SceneCanvas scene, Vehicle v, AxisBox body, int label) {
    double w = v.width();
    double h = body.z1() - body.z0();
    Face front = v.direction() > 0 ? Face.MAX_X : Face.MIN_X;
    Face rear = v.direction() > 0 ? Face.MIN_X : Face.MAX_X;
    if (body.visible(scene, front)) {
      Surface s = body.surface(scene, front);
      s.rect(0.45, h * 0.25, w - 0.45, h * 0.6, GRILLE, label);
      s.rectUnlit(0.1, h * 0.55, 0.42, h * 0.78, HEADLIGHT, label);
      s.rectUnlit(w - 0.42, h * 0.55, w - 0.1, h * 0.78, HEADLIGHT, label);
      s.rect(w / 2 - 0.26, 0.05, w / 2 + 0.26, 0.2, PLATE, label);
    }
    if (body.visible(scene, rear)) {
      Surface s = body.surface(scene, rear);
      s.rectUnlit(0.08, h * 0.5, 0.4, h * 0.78, TAILLIGHT, label);
      s.rectUnlit(w - 0.4, h * 0.5, w - 0.08, h * 0.78, TAILLIGHT, label);
      s.rect(w / 2 - 0.26, h * 0.2, w / 2 + 0.26, h * 0.38, PLATE, label);
    }
  }

  /** Paints one face of the convex cabin if it faces the camera; its normal points away from {@code inside}. */
  private static void cabinFace(SceneCanvas scene, List<Vec3> quad, Rgb colour, int label, Vec3 inside) {
    Vec3 n = quad.get(1).minus(quad.get(0)).cross(quad.get(3).minus(quad.get(0))).unit();
    Vec3 centre = quad.get(0).plus(quad.get(2)).times(0.5);
    Vec3 outward = n.dot(centre.minus(inside)) >= 0 ? n : n.times(-1);
    if (scene.camera().sees(centre, outward)) {
      scene.fill(quad, colour, outward, label);
    }
  }

  private static AxisBox box(double x0, double x1, double y0, double y1, double z0, double z1) {
    return new AxisBox(x0, x1, y0, y1, z0, z1);
  }

  private static Vec3 pt(double x, double y, double z) {
    return new Vec3(x, y, z);
  }
}
