package org.vpr4j.synth;

/**
 * Paints the boundary of an empty plot or front yard along the sidewalk: a wall (label wall), a
 * fence of posts and rails (fence) or a hedge (vegetation). Their ground is painted with the rest
 * of the ground by {@link GroundPainter}.
 */
final class LotPainter {
  private LotPainter() {}

  static void paint(SceneCanvas scene, Lot lot) {
    double y = lot.side() * lot.frontY();
    double h = lot.boundaryHeight();
    // Face the street: on the left side (y > 0) the boundary's normal is -y.
    Vec3 normal = new Vec3(0, -lot.side(), 0);
    Vec3 u = new Vec3(lot.side(), 0, 0);
    Vec3 origin = new Vec3(lot.side() > 0 ? lot.x0() : lot.x1(), y, 0);
    Surface front = new Surface(scene, origin, u, Vec3.UP, normal);
    double len = lot.x1() - lot.x0();
    switch (lot.boundary()) {
      case WALL -> {
        front.rect(0, 0, len, h, lot.boundaryColour(), TrainIds.WALL);
        front.rect(0, h - 0.12, len, h, lot.boundaryColour().times(1.15).clamped(), TrainIds.WALL);
      }
      case FENCE -> {
        for (double a = 0.05; a < len; a += 2.0) {
          front.rect(a, 0, a + 0.1, h, lot.boundaryColour(), TrainIds.FENCE);
        }
        front.rect(0, h - 0.12, len, h - 0.04, lot.boundaryColour(), TrainIds.FENCE);
        front.rect(0, 0.25, len, 0.33, lot.boundaryColour(), TrainIds.FENCE);
        for (double a = 0.1; a < len; a += 0.18) {
          front.rect(a, 0.25, a + 0.04, h - 0.1, lot.boundaryColour().times(0.85), TrainIds.FENCE);
        }
      }
      case HEDGE -> {
        AxisBox hedge = new AxisBox(lot.x0() + 0.2, lot.x1() - 0.2, Math.min(y, y + lot.side() * 0.8),
            Math.max(y, y + lot.side() * 0.8), 0, h);
        hedge.paint(scene, Rgb.of(0x3f6a2c).mix(scene.lighting().foliage(), 0.3), TrainIds.VEGETATION);
      }
      case NONE -> {
        // An open plot: nothing between the sidewalk and the ground behind.
      }
    }
  }
}
