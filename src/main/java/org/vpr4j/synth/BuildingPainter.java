package org.vpr4j.synth;

import java.util.List;

/** Paints a building box: its visible walls, then the facade details if the street face shows. */
final class BuildingPainter {
  private BuildingPainter() {}

  static void paint(SceneCanvas scene, Building b) {
    Camera cam = scene.camera();
    Vec3[] ground = b.footprint();
    Vec3[] corners = new Vec3[8];
    for (int i = 0; i < 4; i++) {
      corners[i] = ground[i];
      corners[i + 4] = ground[i].plus(Vec3.UP, b.height());
    }
    if (!cam.mayShow(corners)) {
      return;
    }
    Rgb side = b.facade().wall().times(0.92);
    Vec3 n = b.normal();
    // Side walls, back and roof, each only if it faces the camera (a box is convex: no overlaps).
    wall(scene, ground[3], ground[0], b.height(), b.u().times(-1), side);
    wall(scene, ground[1], ground[2], b.height(), b.u(), side);
    wall(scene, ground[2], ground[3], b.height(), n.times(-1), side);
    if (cam.eye().z() > b.height()) {
      scene.fill(List.of(corners[4], corners[5], corners[6], corners[7]), Rgb.of(0x5a5550), Vec3.UP,
          TrainIds.BUILDING);
    }
    Surface face = new Surface(scene, b.origin(), b.u(), Vec3.UP, n);
    if (face.facesCamera()) {
      FacadePainter.paint(scene, b, face);
    }
  }

  private static void wall(SceneCanvas scene, Vec3 from, Vec3 to, double height, Vec3 normal, Rgb albedo) {
    if (!scene.camera().sees(from, normal)) {
      return;
    }
    scene.fill(List.of(from, to, to.plus(Vec3.UP, height), from.plus(Vec3.UP, height)), albedo, normal,
        TrainIds.BUILDING);
  }
}
