package org.vpr4j.synth;

import java.util.List;

/**
 * An axis-aligned box in a street's frame (vehicles, housings, hedges): paints the faces the
 * camera can see and hands out a {@link Surface} on any face for details.
 */
record AxisBox(double x0, double x1, double y0, double y1, double z0, double z1) {

  /** Which face of the box. */
  enum Face { MIN_X, MAX_X, MIN_Y, MAX_Y, TOP }

  /** Paints the visible faces in one colour (shaded per face). */
  void paint(SceneCanvas scene, Rgb albedo, int label) {
    for (Face f : Face.values()) {
      if (visible(scene, f)) {
        surface(scene, f).rect(0, 0, faceWidth(f), faceHeight(f), albedo, label);
      }
    }
  }

  boolean visible(SceneCanvas scene, Face f) {
    return scene.camera().sees(surfaceOrigin(f), normal(f));
  }

  /**
   * A drawing plane on face {@code f}; coordinates run from 0 to {@link #faceWidth} across and 0 to
   * {@link #faceHeight} up (for the top face: along x and along y).
   */
  Surface surface(SceneCanvas scene, Face f) {
    // u x up = outward normal, so "a" runs to the right of someone looking at the face.
    Vec3 origin = surfaceOrigin(f);
    return switch (f) {
      case MIN_X -> new Surface(scene, origin, new Vec3(0, -1, 0), Vec3.UP, normal(f));
      case MAX_X -> new Surface(scene, origin, new Vec3(0, 1, 0), Vec3.UP, normal(f));
      case MIN_Y -> new Surface(scene, origin, new Vec3(1, 0, 0), Vec3.UP, normal(f));
      case MAX_Y -> new Surface(scene, origin, new Vec3(-1, 0, 0), Vec3.UP, normal(f));
      case TOP -> new Surface(scene, origin, new Vec3(1, 0, 0), new Vec3(0, 1, 0), normal(f));
    };
  }

  double faceWidth(Face f) {
    return switch (f) {
      case MIN_X, MAX_X -> y1 - y0;
      case MIN_Y, MAX_Y, TOP -> x1 - x0;
    };
  }

  double faceHeight(Face f) {
    return f == Face.TOP ? y1 - y0 : z1 - z0;
  }

  List<Vec3> corners() {
    return List.of(new Vec3(x0, y0, z0), new Vec3(x1, y0, z0), new Vec3(x1, y1, z0), new Vec3(x0, y1, z0),
        new Vec3(x0, y0, z1), new Vec3(x1, y0, z1), new Vec3(x1, y1, z1), new Vec3(x0, y1, z1));
  }

  private Vec3 surfaceOrigin(Face f) {
    return switch (f) {
      case MIN_X -> new Vec3(x0, y1, z0);
      case MAX_X -> new Vec3(x1, y0, z0);
      case MIN_Y -> new Vec3(x0, y0, z0);
      case MAX_Y -> new Vec3(x1, y1, z0);
      case TOP -> new Vec3(x0, y0, z1);
    };
  }

  static Vec3 normal(Face f) {
    return switch (f) {
      case MIN_X -> new Vec3(-1, 0, 0);
      case MAX_X -> new Vec3(1, 0, 0);
      case MIN_Y -> new Vec3(0, -1, 0);
      case MAX_Y -> new Vec3(0, 1, 0);
      case TOP -> Vec3.UP;
    };
  }
}
