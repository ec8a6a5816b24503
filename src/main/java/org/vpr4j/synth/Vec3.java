package org.vpr4j.synth;

/**
 * A point or direction in a street's frame: {@code x} along the street (metres), {@code y} across
 * it (positive = left when looking along +x), {@code z} up.
 */
record Vec3(double x, double y, double z) {
  static final Vec3 UP = new Vec3(0, 0, 1);

  /** Unit vector at {@code azimuth} (radians counter-clockwise from +x) and {@code elevation} above the ground. */
  static Vec3 direction(double azimuth, double elevation) {
    double flat = StrictMath.cos(elevation);
    return new Vec3(flat * StrictMath.cos(azimuth), flat * StrictMath.sin(azimuth), StrictMath.sin(elevation));
  }

  Vec3 plus(Vec3 o) {
    return new Vec3(x + o.x, y + o.y, z + o.z);
  }

  Vec3 minus(Vec3 o) {
    return new Vec3(x - o.x, y - o.y, z - o.z);
  }

  Vec3 times(double k) {
    return new Vec3(x * k, y * k, z * k);
  }

  /** {@code this + d * k}, the common "walk along an axis" step. */
  Vec3 plus(Vec3 d, double k) {
    return new Vec3(x + d.x * k, y + d.y * k, z + d.z * k);
  }

  double dot(Vec3 o) {
    return x * o.x + y * o.y + z * o.z;
  }

  Vec3 cross(Vec3 o) {
    return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
  }

  double length() {
    return Math.sqrt(dot(this));
  }

  Vec3 unit() {
    double n = length();
    return new Vec3(x / n, y / n, z / n);
  }
}
