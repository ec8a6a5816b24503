package org.vpr4j.synth;

/**
 * A box-shaped building. Its street face starts at {@code origin} (ground level) and runs along
 * the horizontal unit vector {@code u} for {@code width} metres; the box extends {@code depth}
 * metres behind it. The outward normal of the facade is {@code u x up}.
 */
record Building(Vec3 origin, Vec3 u, double width, double depth, double height, Facade facade) {

  Vec3 normal() {
    return u.cross(Vec3.UP);
  }

  /** Point on the facade plane: {@code a} metres along, {@code v} metres up, {@code out} in front. */
  Vec3 facadePoint(double a, double v, double out) {
    return origin.plus(u, a).plus(normal(), out).plus(Vec3.UP, v);
  }

  /** The ground corners of the box, facade first, for visibility checks. */
  Vec3[] footprint() {
    Vec3 back = normal().times(-depth);
    Vec3 end = origin.plus(u, width);
    return new Vec3[] {origin, end, end.plus(back), origin.plus(back)};
  }

  /** Squared distance from {@code p} to the facade's ground segment, for far-to-near drawing. */
  double distanceSqTo(Vec3 p) {
    Vec3 d = new Vec3(p.x() - origin.x(), p.y() - origin.y(), 0);
    double a = Math.max(0, Math.min(width, d.dot(u)));
    Vec3 q = origin.plus(u, a);
    double dx = p.x() - q.x();
    double dy = p.y() - q.y();
    return dx * dx + dy * dy;
  }
}
