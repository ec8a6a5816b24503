package org.vpr4j.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * A flat 2D drawing plane placed in the scene: point (a, v) maps to {@code origin + a*u + v*w}.
 * Facades, car sides, sign plates and billboards (people, crowns) are drawn through it with
 * simple 2D shapes in metres.
 */
final class Surface {
  private static final int ELLIPSE_SEGMENTS = 16;

  private final SceneCanvas scene;
  private final Vec3 origin;
  private final Vec3 u;
  private final Vec3 w;
  private final Vec3 normal;

  Surface(SceneCanvas scene, Vec3 origin, Vec3 u, Vec3 w, Vec3 normal) {
    this.scene = scene;
    this.origin = origin;
    this.u = u;
    this.w = w;
    this.normal = normal;
  }

  /** A vertical plane facing the camera, centred on a ground point (a billboard). */
  static Surface billboard(SceneCanvas scene, Vec3 base) {
    Camera camera = scene.camera();
    Vec3 right = camera.horizontalRight();
    Vec3 towardsCamera = right.cross(Vec3.UP);
    return new Surface(scene, base, right, Vec3.UP, towardsCamera);
  }

  Vec3 at(double a, double v) {
    return origin.plus(u, a).plus(w, v);
  }

  boolean facesCamera() {
    return scene.camera().sees(origin, normal);
  }

  void rect(double a0, double v0, double a1, double v1, Rgb albedo, int label) {
    scene.fill(List.of(at(a0, v0), at(a1, v0), at(a1, v1), at(a0, v1)), albedo, normal, label);
  }

  void rectUnlit(double a0, double v0, double a1, double v1, Rgb colour, int label) {
    scene.fillUnlit(List.of(at(a0, v0), at(a1, v0), at(a1, v1), at(a0, v1)), colour, label);
  }

  /** A polygon given as alternating a, v coordinates. */
  void polygon(Rgb albedo, int label, double... av) {
    List<Vec3> points = new ArrayList<>(av.length / 2);
    for (int i = 0; i + 1 < av.length; i += 2) {
      points.add(at(av[i], av[i + 1]));
    }
    scene.fill(points, albedo, normal, label);
  }

  void ellipse(double ca, double cv, double ra, double rv, Rgb albedo, int label) {
    scene.fill(ellipsePoints(ca, cv, ra, rv), albedo, normal, label);
  }

  void ellipseUnlit(double ca, double cv, double ra, double rv, Rgb colour, int label) {
    scene.fillUnlit(ellipsePoints(ca, cv, ra, rv), colour, label);
  }

  private List<Vec3> ellipsePoints(double ca, double cv, double ra, double rv) {
    List<Vec3> points = new ArrayList<>(ELLIPSE_SEGMENTS);
    for (int i = 0; i < ELLIPSE_SEGMENTS; i++) {
      double t = 2 * Math.PI * i / ELLIPSE_SEGMENTS;
      points.add(at(ca + ra * StrictMath.cos(t), cv + rv * StrictMath.sin(t)));
    }
    return points;
  }
}
