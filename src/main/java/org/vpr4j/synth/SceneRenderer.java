package org.vpr4j.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Renders one view of a street into a picture and its label image with the painter's algorithm.
 * The street's layout makes a fixed back-to-front layer order correct: sky, ground, buildings one
 * block back, buildings across the cross streets, the front row, plot boundaries (which stand on
 * the front-row line), and finally everything inside the street corridor, sorted by distance.
 * A ray from a camera inside the corridor crosses these layers in that order.
 */
final class SceneRenderer {
  private SceneRenderer() {}

  static LabelledCanvas render(Street street, Camera camera, Lighting lighting, DynamicObjects distractors,
      SplittableRandom rng) {
    LabelledCanvas canvas = new LabelledCanvas(camera.width(), camera.height());
    SceneCanvas scene = new SceneCanvas(canvas, camera, lighting);
    SkyPainter.paint(scene, rng);
    GroundPainter.paint(scene, street);
    paintBuildings(scene, street.backdrop());
    paintBuildings(scene, street.ends());
    paintBuildings(scene, street.frontRow());
    for (Lot lot : street.lots()) {
      LotPainter.paint(scene, lot);
    }
    paintCorridor(scene, street, distractors, rng);
    return canvas;
  }

  /** Buildings of one layer, farthest first (distance to the nearest point of the facade). */
  private static void paintBuildings(SceneCanvas scene, List<Building> buildings) {
    Vec3 eye = scene.camera().eye();
    List<Building> order = new ArrayList<>(buildings);
    order.sort(Comparator.comparingDouble((Building b) -> b.distanceSqTo(eye)).reversed());
    for (Building b : order) {
      BuildingPainter.paint(scene, b);
    }
  }

  private static void paintCorridor(SceneCanvas scene, Street street, DynamicObjects distractors,
      SplittableRandom rng) {
    List<Item> items = new ArrayList<>();
    for (StreetProp p : street.props()) {
      // Each prop gets its own stream so that adding a distractor never shifts a prop's random state.
      SplittableRandom propRng = rng.split();
      items.add(new Item(new Vec3(p.x(), p.y(), 0), s -> PropPainter.paint(s, p, propRng)));
    }
    for (Vehicle v : distractors.vehicles()) {
      items.add(new Item(nearestPoint(v, scene.camera().eye()), s -> VehiclePainter.paint(s, v)));
    }
    for (Pedestrian p : distractors.people()) {
      items.add(new Item(p.anchor(), s -> PersonPainter.paint(s, p)));
    }
    Vec3 eye = scene.camera().eye();
    items.sort(Comparator.comparingDouble((Item i) -> flatDistanceSq(i.anchor(), eye)).reversed());
    for (Item item : items) {
      item.painter().accept(scene);
    }
  }

  /** Vehicles are long: sort them by their point nearest to the camera, not their centre. */
  private static Vec3 nearestPoint(Vehicle v, Vec3 eye) {
    double x = Math.max(v.x() - v.length() / 2, Math.min(v.x() + v.length() / 2, eye.x()));
    double y = Math.max(v.y() - v.width() / 2, Math.min(v.y() + v.width() / 2, eye.y()));
    return new Vec3(x, y, 0);
  }

  private static double flatDistanceSq(Vec3 a, Vec3 b) {
    double dx = a.x() - b.x();
    double dy = a.y() - b.y();
    return dx * dx + dy * dy;
  }

  private record Item(Vec3 anchor, Consumer<SceneCanvas> painter) {}
}
