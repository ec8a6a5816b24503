package org.vpr4j.synth;

import java.util.SplittableRandom;

/** Paints street lamps and traffic lights (pole + light), traffic signs and trees. */
final class PropPainter {
  private static final Rgb BULB = Rgb.of(0xfff4d6);
  private static final Rgb HOUSING = Rgb.of(0x1e1f21);
  private static final Rgb SIGN_BACK = Rgb.of(0x9a9d9f);

  private PropPainter() {}

  static void paint(SceneCanvas scene, StreetProp p, SplittableRandom rng) {
    switch (p.kind()) {
      case LAMP -> lamp(scene, p);
      case TRAFFIC_LIGHT -> trafficLight(scene, p, rng);
      case SIGN -> sign(scene, p);
      case TREE -> TreePainter.paint(scene, p);
    }
  }

  private static void lamp(SceneCanvas scene, StreetProp p) {
    Vec3 base = new Vec3(p.x(), p.y(), 0);
    Surface pole = Surface.billboard(scene, base);
    pole.rect(-0.11, 0, 0.11, 0.6, p.colour(), TrainIds.POLE);
    pole.rect(-0.075, 0, 0.075, p.height(), p.colour(), TrainIds.POLE);
    if (p.variant() == 0) {
      // A cobra-head lamp on an arm reaching over the road (towards y = 0).
      double toRoad = -Math.signum(p.y());
      double reach = 1.8;
      Surface arm = new Surface(scene, new Vec3(p.x(), p.y(), 0), new Vec3(0, toRoad, 0), Vec3.UP,
          new Vec3(scene.camera().eye().x() > p.x() ? 1 : -1, 0, 0));
      arm.polygon(p.colour(), TrainIds.POLE, 0, p.height() - 0.3, 0, p.height() - 0.2, reach, p.height() + 0.1,
          reach, p.height());
      arm.polygon(p.colour(), TrainIds.POLE, reach - 0.1, p.height() + 0.1, reach + 0.6, p.height() + 0.05,
          reach + 0.55, p.height() - 0.12, reach - 0.1, p.height() - 0.1);
      arm.rectUnlit(reach, p.height() - 0.16, reach + 0.5, p.height() - 0.1, BULB, TrainIds.POLE);
    } else {
      pole.rect(-0.2, p.height(), 0.2, p.height() + 0.08, p.colour(), TrainIds.POLE);
      pole.polygon(p.colour(), TrainIds.POLE, -0.22, p.height() + 0.08, 0.22, p.height() + 0.08, 0.16,
          p.height() + 0.6, -0.16, p.height() + 0.6);
      pole.rectUnlit(-0.13, p.height() + 0.14, 0.13, p.height() + 0.5, BULB.times(0.9), TrainIds.POLE);
      pole.polygon(p.colour(), TrainIds.POLE, -0.26, p.height() + 0.6, 0.26, p.height() + 0.6, 0, p.height() + 0.85);
    }
  }

  private static void trafficLight(SceneCanvas scene, StreetProp p, SplittableRandom rng) {
    Vec3 base = new Vec3(p.x(), p.y(), 0);
    Surface pole = Surface.billboard(scene, base);
    pole.rect(-0.09, 0, 0.09, p.height(), p.colour(), TrainIds.POLE);
    double hx = p.x();
    double hy = p.y();
    double hz = p.height() - 1.1;
    if (p.variant() == 1) {
      // A mast arm carrying the light over the lane.
      double toRoad = -Math.signum(p.y());
      double reach = Math.abs(p.y()) * 0.7;
      Surface arm = new Surface(scene, base, new Vec3(0, toRoad, 0), Vec3.UP, new Vec3(p.facing(), 0, 0));
      arm.rect(0, p.height() - 0.15, reach, p.height() - 0.03, p.colour(), TrainIds.POLE);
      hy = p.y() + toRoad * reach;
      hz = p.height() - 1.15;
    }
    AxisBox housing = new AxisBox(hx - 0.15, hx + 0.15, hy - 0.18, hy + 0.18, hz, hz + 1.0);
    housing.paint(scene, HOUSING, TrainIds.TRAFFIC_LIGHT);
    AxisBox.Face front = p.facing() > 0 ? AxisBox.Face.MAX_X : AxisBox.Face.MIN_X;
    if (housing.visible(scene, front)) {
      Surface face = housing.surface(scene, front);
      int lit = rng.nextInt(3); // the signal phase differs from one visit to the next
      Rgb[] colours = {Rgb.of(0xff3b30), Rgb.of(0xffc000), Rgb.of(0x34c759)};
      for (int i = 0; i < 3; i++) {
        Rgb c = i == lit ? colours[i] : colours[i].times(0.22);
        face.ellipseUnlit(0.18, 0.82 - i * 0.32, 0.11, 0.11, c, TrainIds.TRAFFIC_LIGHT);
      }
    }
  }

  private static void sign(SceneCanvas scene, StreetProp p) {
    Surface pole = Surface.billboard(scene, new Vec3(p.x(), p.y(), 0));
    pole.rect(-0.04, 0, 0.04, p.height(), Rgb.of(0x8a8d90), TrainIds.POLE);
    Vec3 normal = new Vec3(p.facing(), 0, 0);
    // u x up must equal the normal, which gives u = (0, facing, 0).
    Surface plate = new Surface(scene, new Vec3(p.x() + 0.05 * p.facing(), p.y(), 0), new Vec3(0, p.facing(), 0),
        Vec3.UP, normal);
    double cv = p.height() - 0.35;
    double r = 0.34;
    boolean front = plate.facesCamera();
    switch (p.variant()) {
      case 0 -> { // prohibition: red ring, white disc, bar
        plate.ellipse(0, cv, r, r, front ? Rgb.of(0xc8102e) : SIGN_BACK, TrainIds.TRAFFIC_SIGN);
        if (front) {
          plate.ellipse(0, cv, r * 0.75, r * 0.75, Rgb.of(0xf5f5f5), TrainIds.TRAFFIC_SIGN);
          plate.rect(-r * 0.5, cv - 0.05, r * 0.5, cv + 0.05, Rgb.of(0x1a1a1a), TrainIds.TRAFFIC_SIGN);
        }
      }
      case 1 -> { // warning triangle
        double s = r * 1.2;
        plate.polygon(front ? Rgb.of(0xc8102e) : SIGN_BACK, TrainIds.TRAFFIC_SIGN, -s, cv - s * 0.6, s,
            cv - s * 0.6, 0, cv + s * 1.1);
        if (front) {
          double t = s * 0.72;
          plate.polygon(Rgb.of(0xf5f5f5), TrainIds.TRAFFIC_SIGN, -t, cv - t * 0.55, t, cv - t * 0.55, 0,
              cv + t * 1.05);
        }
      }
      case 2 -> { // blue information board with an arrow
        plate.rect(-r, cv - r * 0.7, r, cv + r * 0.7, front ? Rgb.of(0x1f4e9c) : SIGN_BACK, TrainIds.TRAFFIC_SIGN);
        if (front) {
          plate.polygon(Rgb.of(0xf5f5f5), TrainIds.TRAFFIC_SIGN, -r * 0.6, cv - 0.05, r * 0.2, cv - 0.05,
              r * 0.2, cv - 0.15, r * 0.65, cv, r * 0.2, cv + 0.15, r * 0.2, cv + 0.05, -r * 0.6, cv + 0.05);
        }
      }
      case 3 -> { // stop octagon
        double[] oct = new double[16];
        for (int i = 0; i < 8; i++) {
          double t = Math.PI / 8 + i * Math.PI / 4;
          oct[2 * i] = r * StrictMath.cos(t);
          oct[2 * i + 1] = cv + r * StrictMath.sin(t);
        }
        plate.polygon(front ? Rgb.of(0xb71c1c) : SIGN_BACK, TrainIds.TRAFFIC_SIGN, oct);
        if (front) {
          plate.rect(-r * 0.6, cv - 0.06, r * 0.6, cv + 0.06, Rgb.of(0xf5f5f5), TrainIds.TRAFFIC_SIGN);
        }
      }
      default -> { // yellow diamond
        plate.polygon(front ? Rgb.of(0x1a1a1a) : SIGN_BACK, TrainIds.TRAFFIC_SIGN, -r, cv, 0, cv - r, r, cv, 0,
            cv + r);
        if (front) {
          double t = r * 0.85;
          plate.polygon(Rgb.of(0xf2c200), TrainIds.TRAFFIC_SIGN, -t, cv, 0, cv - t, t, cv, 0, cv + t);
        }
      }
    }
  }
}
