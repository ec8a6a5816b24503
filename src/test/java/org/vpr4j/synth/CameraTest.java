package org.vpr4j.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraTest {
  private final Camera camera = new Camera(new Vec3(0, 0, 2), 0, 0, 0, 90, 200, 100);

  @Test
  void projectsWithLeftOnTheLeftAndUpOnTop() {
    Vec3 ahead = camera.toCamera(new Vec3(10, 0, 2));
    assertEquals(100, camera.imageX(ahead), 1e-9);
    assertEquals(50, camera.imageY(ahead), 1e-9);
    // 90 degrees of view: a point 45 degrees to the left lands on the left border.
    assertEquals(0, camera.imageX(camera.toCamera(new Vec3(10, 10, 2))), 1e-9);
    assertTrue(camera.imageY(camera.toCamera(new Vec3(10, 0, 5))) < 50);
  }

  @Test
  void yawTurnsTheViewCounterClockwise() {
    Camera left = new Camera(new Vec3(0, 0, 2), Math.PI / 2, 0, 0, 90, 200, 100);
    Vec3 c = left.toCamera(new Vec3(0, 10, 2));
    assertEquals(10, c.z(), 1e-9);
    assertEquals(100, left.imageX(c), 1e-9);
  }

  @Test
  void clipsPolygonsAtTheNearPlane() {
    List<Vec3> ground = List.of(new Vec3(-50, -5, 0), new Vec3(50, -5, 0), new Vec3(50, 5, 0), new Vec3(-50, 5, 0));
    Rectangle2D bounds = camera.project(ground).getBounds2D();
    assertTrue(Double.isFinite(bounds.getWidth()) && Double.isFinite(bounds.getHeight()));
    assertTrue(bounds.getMaxY() > 100, "the ground reaches below the image");
    assertTrue(bounds.getMinY() >= 50 - 1e-6, "but never above the horizon");
    List<Vec3> behind = List.of(new Vec3(-5, -1, 0), new Vec3(-4, -1, 0), new Vec3(-4, 1, 0));
    assertNull(camera.project(behind));
  }

  @Test
  void mayShowRejectsWhatIsBehindOrBesideTheView() {
    assertFalse(camera.mayShow(new Vec3(-10, 0, 0), new Vec3(-20, 1, 3)));
    assertFalse(camera.mayShow(new Vec3(5, 30, 0), new Vec3(6, 40, 3)));
    assertTrue(camera.mayShow(new Vec3(10, -1, 0), new Vec3(12, 1, 3)));
    assertNotNull(camera.project(List.of(new Vec3(10, -1, 0), new Vec3(10, 1, 0), new Vec3(10, 0, 3))));
  }
}
