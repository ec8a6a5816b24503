package org.vpr4j.synth;

import java.awt.geom.Path2D;
import java.util.List;

/**
 * Paints 3D polygons through a camera onto a {@link LabelledCanvas}, lighting them with the
 * capture's {@link Lighting}: shading by the surface normal and haze by distance.
 */
final class SceneCanvas {
  private final LabelledCanvas canvas;
  private final Camera camera;
  private final Lighting lighting;

  SceneCanvas(LabelledCanvas canvas, Camera camera, Lighting lighting) {
    this.canvas = canvas;
    this.camera = camera;
    this.lighting = lighting;
  }

  Camera camera() {
    return camera;
  }

  Lighting lighting() {
    return lighting;
  }

  LabelledCanvas canvas() {
    return canvas;
  }

  /** A lit surface: {@code albedo} shaded for the outward normal, hazed by its distance. */
  void fill(List<Vec3> polygon, Rgb albedo, Vec3 normal, int label) {
    paint(polygon, lighting.shade(albedo, normal), label);
  }

  /** A surface that shines or mirrors by itself (lamps, glass): only haze applies. */
  void fillUnlit(List<Vec3> polygon, Rgb colour, int label) {
    paint(polygon, colour, label);
  }

  private void paint(List<Vec3> polygon, Rgb colour, int label) {
    Path2D.Double path = camera.project(polygon);
    if (path == null) {
      return;
    }
    double distance = centroid(polygon).minus(camera.eye()).length();
    canvas.fill(path, lighting.haze(colour, distance).toColor(), label);
  }

  private static Vec3 centroid(List<Vec3> polygon) {
    double x = 0;
    double y = 0;
    double z = 0;
    for (Vec3 p : polygon) {
      x += p.x();
      y += p.y();
      z += p.z();
    }
    int n = polygon.size();
    return new Vec3(x / n, y / n, z / n);
  }
}
