package org.vpr4j.synth;

/**
 * Paints people as camera-facing figures (legs, torso, arms, head, optional bag) and cyclists as a
 * rider (label rider) on a bicycle (label bicycle) drawn in the plane of travel.
 */
final class PersonPainter {
  private static final Rgb SHOE = Rgb.of(0x1c1c1c);
  private static final Rgb FRAME = Rgb.of(0x2d2d30);

  private PersonPainter() {}

  static void paint(SceneCanvas scene, Pedestrian p) {
    if (p.cyclist()) {
      bicycle(scene, p);
      seated(scene, p);
    } else {
      standing(scene, p, TrainIds.PERSON);
    }
  }

  private static void standing(SceneCanvas scene, Pedestrian p, int label) {
    Surface s = Surface.billboard(scene, p.anchor());
    double h = p.height();
    double hip = 0.48 * h;
    double shoulder = 0.81 * h;
    double sw = 0.13 * h;
    double step = 0.09 * h * p.stride();
    // Legs from the hip, spread by the stride.
    s.polygon(p.bottom(), label, -0.1 * h, hip, -0.01 * h, hip, -step + 0.02 * h, 0.03, -step - 0.055 * h, 0.03);
    s.polygon(p.bottom().times(0.9), label, 0.01 * h, hip, 0.1 * h, hip, step + 0.055 * h, 0.03, step - 0.02 * h,
        0.03);
    s.rect(-step - 0.065 * h, 0, -step + 0.03 * h, 0.04, SHOE, label);
    s.rect(step - 0.03 * h, 0, step + 0.065 * h, 0.04, SHOE, label);
    // Torso, slightly narrower at the waist.
    s.polygon(p.top(), label, -0.105 * h, hip - 0.02, 0.105 * h, hip - 0.02, sw, shoulder, -sw, shoulder);
    s.polygon(p.top().times(0.88), label, -sw, shoulder, -sw - 0.045 * h, shoulder - 0.02, -0.16 * h, hip + 0.02,
        -0.12 * h, hip + 0.02);
    s.polygon(p.top().times(0.88), label, sw, shoulder, sw + 0.045 * h, shoulder - 0.02, 0.16 * h, hip + 0.02,
        0.12 * h, hip + 0.02);
    s.ellipse(-0.14 * h, hip, 0.025 * h, 0.035 * h, p.skin(), label);
    s.ellipse(0.14 * h, hip, 0.025 * h, 0.035 * h, p.skin(), label);
    if (p.bag() != null) {
      s.rect(0.12 * h, hip - 0.05 * h, 0.2 * h, hip + 0.1 * h, p.bag(), label);
    }
    head(s, p, shoulder, label);
  }

  private static void seated(SceneCanvas scene, Pedestrian p) {
    Surface s = Surface.billboard(scene, p.anchor());
    double h = p.height();
    double saddle = 0.95;
    double shoulder = saddle + 0.36 * h;
    double sw = 0.12 * h;
    int label = TrainIds.RIDER;
    s.rect(-0.08 * h, 0.35, -0.02 * h, saddle + 0.05, p.bottom(), label);
    s.rect(0.02 * h, 0.45, 0.08 * h, saddle + 0.05, p.bottom().times(0.9), label);
    s.polygon(p.top(), label, -0.1 * h, saddle, 0.1 * h, saddle, sw, shoulder, -sw, shoulder);
    head(s, p, shoulder, label);
  }

  private static void head(Surface s, Pedestrian p, double shoulder, int label) {
    double h = p.height();
    double r = 0.065 * h;
    s.rect(-0.025 * h, shoulder - 0.01, 0.025 * h, shoulder + 0.04 * h, p.skin(), label);
    s.ellipse(0, shoulder + 0.03 * h + r, r * 0.85, r, p.skin(), label);
    s.ellipse(0, shoulder + 0.03 * h + r * 1.35, r * 0.9, r * 0.7, p.hair(), label);
  }

  private static void bicycle(SceneCanvas scene, Pedestrian p) {
    Vec3 normal = new Vec3(0, scene.camera().eye().y() > p.y() ? 1 : -1, 0);
    Surface s = new Surface(scene, new Vec3(p.x(), p.y(), 0), new Vec3(1, 0, 0), Vec3.UP, normal);
    int d = p.direction();
    int label = TrainIds.BICYCLE;
    double r = 0.34;
    for (double a : new double[] {-0.55, 0.55}) {
      s.ellipse(a, r, r, r, FRAME, label);
      s.ellipse(a, r, r * 0.8, r * 0.8, FRAME.mix(Rgb.of(0x808080), 0.5), label);
    }
    s.polygon(p.bag() != null ? p.bag() : Rgb.of(0x8e1b1b), label, -0.55 * d, r, -0.5 * d, r + 0.05, 0.05 * d, 0.95, 0,
        0.9);
    s.polygon(Rgb.of(0x8e1b1b), label, 0, 0.9, 0.05, 0.95, 0.5 * d, 0.92, 0.48 * d, 0.86);
    s.polygon(Rgb.of(0x8e1b1b), label, 0.5 * d, 0.9, 0.52 * d, 0.9, 0.57 * d, r, 0.53 * d, r);
  }
}
