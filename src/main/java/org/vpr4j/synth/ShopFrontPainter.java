package org.vpr4j.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vpr4j.synth.Facade.Shop;
import org.vpr4j.synth.Facade.SignShape;

/**
 * Paints a shop front: display window, door, sign board with lettering, striped awning and a blade
 * sign sticking out of the wall. Signs are the most distinctive marks of a place.
 */
final class ShopFrontPainter {
  private static final int B = TrainIds.BUILDING;

  private ShopFrontPainter() {}

  static void paint(SceneCanvas scene, Building b, Surface face, double gf) {
    Facade f = b.facade();
    Shop shop = f.shop();
    double w = b.width();
    Rgb glass = f.glass().mix(scene.lighting().skyHorizon(), 0.3).times(0.75);
    double top = gf - 1.3;
    face.rect(0.25, 0, w - 0.25, top + 0.1, f.frame(), B);
    face.rect(0.25, 0, w - 0.25, 0.5, f.trim().times(0.75), B);
    int panes = Math.max(1, (int) Math.round((w - 0.5) / 2.4));
    double pane = (w - 0.7) / panes;
    for (int i = 0; i < panes; i++) {
      double a0 = 0.35 + i * pane + 0.05;
      face.rectUnlit(a0, 0.55, a0 + pane - 0.1, top, glass, B);
    }
    double door = Math.max(0.9, Math.min(w - 0.9, f.doorPosition() * w));
    face.rect(door - 0.6, 0, door + 0.6, 2.4, f.door(), B);
    face.rectUnlit(door - 0.4, 0.9, door + 0.4, 2.2, glass.times(0.8), B);

    double signW = Math.min(w - 0.6, Math.max(2.5, w * 0.8));
    double signA = (w - signW) / 2;
    signBoard(face, shop.signShape(), signA, gf - 1.15, signA + signW, gf - 0.3, shop.sign(), shop.lettering(),
        shop.letteringSeed());
    if (shop.hasAwning()) {
      awning(scene, b, shop, 0.3, w - 0.3, gf - 1.3);
    }
    if (shop.hasBladeSign()) {
      bladeSign(scene, b, shop, gf);
    }
  }

  /** A sign of the given outline filling the box (a0, v0)-(a1, v1), with pseudo lettering. */
  static void signBoard(Surface s, SignShape shape, double a0, double v0, double a1, double v1, Rgb colour,
      Rgb ink, long letteringSeed) {
    double ca = (a0 + a1) / 2;
    double cv = (v0 + v1) / 2;
    double ha = (a1 - a0) / 2;
    double hv = (v1 - v0) / 2;
    switch (shape) {
      case BOARD -> s.rect(a0, v0, a1, v1, colour, B);
      case OVAL, CIRCLE -> s.ellipse(ca, cv, ha, hv, colour, B);
      case DIAMOND -> s.polygon(colour, B, a0, cv, ca, v0, a1, cv, ca, v1);
      case ROUNDED -> s.polygon(colour, B, rounded(a0, v0, a1, v1, Math.min(ha, hv) * 0.6));
    }
    double inset = shape == SignShape.BOARD || shape == SignShape.ROUNDED ? 0.15 : ha * 0.3;
    lettering(s, ca - ha + inset, cv - hv * 0.35, ca + ha - inset, cv + hv * 0.35, ink, letteringSeed);
  }

  /** Blocky glyphs: each letter is one to three bars, the same in every image of the shop. */
  private static void lettering(Surface s, double a0, double v0, double a1, double v1, Rgb ink, long seed) {
    SplittableRandom rng = Seeds.random(seed);
    double height = v1 - v0;
    double letter = height * Seeds.uniform(rng, 0.55, 0.8);
    double gap = letter * 0.25;
    int count = Math.max(1, Math.min(3 + rng.nextInt(8), (int) ((a1 - a0) / (letter + gap))));
    double start = (a0 + a1) / 2 - count * (letter + gap) / 2;
    for (int i = 0; i < count; i++) {
      double x = start + i * (letter + gap);
      int bars = 1 + rng.nextInt(3);
      s.rect(x, v0, x + letter * 0.3, v1, ink, B);
      if (bars > 1) {
        s.rect(x, v1 - height * 0.25, x + letter, v1, ink, B);
      }
      if (bars > 2) {
        s.rect(x + letter * 0.7, v0, x + letter, v1 - height * 0.25, ink, B);
      }
    }
  }

  private static void awning(SceneCanvas scene, Building b, Shop shop, double a0, double a1, double v) {
    double out = 1.4;
    double drop = 0.65;
    Vec3 n = b.normal();
    // Normal of the sloping fabric: perpendicular to both the facade direction and the slope.
    Vec3 slope = n.times(out).plus(Vec3.UP, -drop);
    Vec3 top = slope.cross(b.u()).unit();
    boolean fromAbove = scene.camera().sees(b.facadePoint(a0, v, 0), top);
    Vec3 normal = fromAbove ? top : top.times(-1);
    double underside = fromAbove ? 1.0 : 0.7;
    int stripes = Math.max(2, (int) Math.round((a1 - a0) / 0.45));
    double sw = (a1 - a0) / stripes;
    for (int i = 0; i < stripes; i++) {
      Rgb c = (i % 2 == 0 ? shop.awningA() : shop.awningB()).times(underside);
      double s0 = a0 + i * sw;
      double s1 = s0 + sw;
      scene.fill(List.of(b.facadePoint(s0, v, 0), b.facadePoint(s1, v, 0), b.facadePoint(s1, v - drop, out),
          b.facadePoint(s0, v - drop, out)), c, normal, B);
      scene.fill(List.of(b.facadePoint(s0, v - drop, out), b.facadePoint(s1, v - drop, out),
          b.facadePoint(s1, v - drop - 0.3, out), b.facadePoint(s0, v - drop - 0.3, out)), c, n, B);
    }
  }

  private static void bladeSign(SceneCanvas scene, Building b, Shop shop, double gf) {
    double a = Math.max(0.3, Math.min(b.width() - 0.3, shop.bladePosition() * b.width()));
    Vec3 side = scene.camera().sees(b.facadePoint(a, gf, 0.5), b.u()) ? b.u() : b.u().times(-1);
    Surface blade = new Surface(scene, b.facadePoint(a, 0, 0), b.normal(), Vec3.UP, side);
    double v0 = gf + 0.4;
    double v1 = gf + 1.5;
    blade.rect(0, v1 - 0.05, 0.35, v1 + 0.03, Rgb.of(0x2a2a2a), B);
    signBoard(blade, shop.bladeShape(), 0.25, v0, 1.15, v1, shop.blade(), shop.lettering(), shop.letteringSeed() + 1);
  }

  private static double[] rounded(double a0, double v0, double a1, double v1, double r) {
    List<double[]> pts = new ArrayList<>();
    double[][] centres = {{a1 - r, v1 - r}, {a0 + r, v1 - r}, {a0 + r, v0 + r}, {a1 - r, v0 + r}};
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i <= 4; i++) {
        double t = Math.PI / 2 * (c + i / 4.0);
        pts.add(new double[] {centres[c][0] + r * StrictMath.cos(t), centres[c][1] + r * StrictMath.sin(t)});
      }
    }
    double[] out = new double[pts.size() * 2];
    for (int i = 0; i < pts.size(); i++) {
      out[2 * i] = pts.get(i)[0];
      out[2 * i + 1] = pts.get(i)[1];
    }
    return out;
  }
}
