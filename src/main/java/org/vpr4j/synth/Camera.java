package org.vpr4j.synth;

import java.awt.geom.Path2D;
import java.util.List;

/**
 * A pinhole camera in a street's frame: position, heading (yaw, radians counter-clockwise from +x),
 * pitch (up positive) and roll, with a horizontal field of view. Projects 3D polygons to image
 * paths, clipping them at a near plane.
 */
final class Camera {
  /** Polygons are clipped this far in front of the lens, so projections stay finite. */
  static final double NEAR = 0.25;

  private final Vec3 eye;
  private final Vec3 forward;
  private final Vec3 right;
  private final Vec3 up;
  private final double yaw;
  private final int width;
  private final int height;
  private final double focal;

  Camera(Vec3 eye, double yaw, double pitch, double roll, double hfovDegrees, int width, int height) {
    this.eye = eye;
    this.yaw = yaw;
    this.width = width;
    this.height = height;
    this.focal = width / 2.0 / StrictMath.tan(Math.toRadians(hfovDegrees) / 2);
    Vec3 f = Vec3.direction(yaw, pitch);
    Vec3 r = new Vec3(StrictMath.sin(yaw), -StrictMath.cos(yaw), 0);
    Vec3 u = r.cross(f);
    this.forward = f;
    this.right = r.times(StrictMath.cos(roll)).plus(u, StrictMath.sin(roll));
    this.up = u.times(StrictMath.cos(roll)).plus(r, -StrictMath.sin(roll));
  }

  Vec3 eye() {
    return eye;
  }

  double yaw() {
    return yaw;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  double focal() {
    return focal;
  }

  /** Horizontal unit vector to the camera's right, used to orient billboards. */
  Vec3 horizontalRight() {
    return new Vec3(StrictMath.sin(yaw), -StrictMath.cos(yaw), 0);
  }

  /** Point in camera coordinates: x right, y up, z along the view direction. */
  Vec3 toCamera(Vec3 p) {
    Vec3 d = p.minus(eye);
    return new Vec3(d.dot(right), d.dot(up), d.dot(forward));
  }

  /** Image x for a point in camera coordinates with z > 0. */
  double imageX(Vec3 c) {
    return width / 2.0 + focal * c.x() / c.z();
  }

  double imageY(Vec3 c) {
    return height / 2.0 - focal * c.y() / c.z();
  }

  /** Image position of a direction at infinity (e.g. for the sky), or {@code null} if behind. */
  double[] projectDirection(Vec3 direction) {
    Vec3 c = new Vec3(direction.dot(right), direction.dot(up), direction.dot(forward));
    if (c.z() <= 1e-6) {
      return null;
    }
    return new double[] {imageX(c), imageY(c)};
  }

  /** True if the side of a surface with outward normal {@code n} through {@code p} faces the camera. */
  boolean sees(Vec3 p, Vec3 n) {
    return eye.minus(p).dot(n) > 0;
  }

  /**
   * Conservative visibility test for a set of points (e.g. a box's corners): false only when all
   * of them are behind the camera or all lie beyond the same image border.
   */
  boolean mayShow(Vec3... points) {
    boolean left = true;
    boolean rightOut = true;
    boolean above = true;
    boolean below = true;
    boolean anyInFront = false;
    for (Vec3 p : points) {
      Vec3 c = toCamera(p);
      if (c.z() <= NEAR) {
        // A point behind the lens can still belong to a visible face: stay conservative.
        left = rightOut = above = below = false;
        continue;
      }
      anyInFront = true;
      double x = imageX(c);
      double y = imageY(c);
      left &= x < 0;
      rightOut &= x > width;
      above &= y < 0;
      below &= y > height;
    }
    return anyInFront && !(left || rightOut || above || below);
  }

  /** The projected outline of a planar polygon, clipped at the near plane; {@code null} if hidden. */
  Path2D.Double project(List<Vec3> polygon) {
    int n = polygon.size();
    Vec3[] c = new Vec3[n];
    boolean allFront = true;
    boolean allBehind = true;
    for (int i = 0; i < n; i++) {
      c[i] = toCamera(polygon.get(i));
      allFront &= c[i].z() >= NEAR;
      allBehind &= c[i].z() < NEAR;
    }
    if (allBehind) {
      return null;
    }
    Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO, n + 2);
    boolean started = false;
    for (int i = 0; i < n; i++) {
      Vec3 a = c[i];
      Vec3 b = c[(i + 1) % n];
      boolean aIn = a.z() >= NEAR;
      boolean bIn = b.z() >= NEAR;
      if (aIn) {
        started = lineOrMove(path, a, started);
      }
      if (!allFront && aIn != bIn) {
        // Sutherland-Hodgman against the near plane: add the crossing point of edge a-b.
        double t = (NEAR - a.z()) / (b.z() - a.z());
        Vec3 cut = new Vec3(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t, NEAR);
        started = lineOrMove(path, cut, started);
      }
    }
    path.closePath();
    return path;
  }

  private boolean lineOrMove(Path2D.Double path, Vec3 c, boolean started) {
    double x = imageX(c);
    double y = imageY(c);
    if (started) {
      path.lineTo(x, y);
    } else {
      path.moveTo(x, y);
    }
    return true;
  }
}
