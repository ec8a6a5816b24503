package org.vpr4j.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vpr4j.synth.Vehicle.Kind;

/**
 * The dynamic objects of one image: parked and moving vehicles, people on the sidewalks and
 * crossings, cyclists. They are drawn anew for every image from the same look-alike palettes, so
 * they change between visits of a place but look the same everywhere: exactly what a place
 * descriptor should learn to ignore.
 */
record DynamicObjects(List<Vehicle> vehicles, List<Pedestrian> people) {
  /** Only objects this close along the street are placed; farther ones would be a few pixels. */
  private static final double RANGE = 140;
  private static final double PARKING_LANE = 2.2;

  static DynamicObjects none() {
    return new DynamicObjects(List.of(), List.of());
  }

  /** Places distractors around a camera at {@code eye}; {@code density} 0 gives none. */
  static DynamicObjects place(SplittableRandom rng, Street street, Vec3 eye, double density) {
    if (density <= 0) {
      return none();
    }
    Placer p = new Placer(rng, street, eye, density);
    p.parked();
    p.moving();
    p.pedestrians();
    p.cyclists();
    return new DynamicObjects(List.copyOf(p.vehicles), List.copyOf(p.people));
  }

  /** Centre of a travel lane: between the centre line and the parking lane. */
  static double laneCentre(Street street) {
    return (street.roadHalfWidth() - PARKING_LANE) / 2;
  }

  private static final class Placer {
    private final SplittableRandom rng;
    private final Street street;
    private final Vec3 eye;
    private final double density;
    private final double from;
    private final double to;
    private final List<Vehicle> vehicles = new ArrayList<>();
    private final List<Pedestrian> people = new ArrayList<>();

    Placer(SplittableRandom rng, Street street, Vec3 eye, double density) {
      this.rng = rng;
      this.street = street;
      this.eye = eye;
      this.density = density;
      this.from = Math.max(-street.crossWidth(), eye.x() - RANGE);
      this.to = Math.min(street.length() + street.crossWidth(), eye.x() + RANGE);
    }

    void parked() {
      double r = street.roadHalfWidth();
      for (int side : new int[] {1, -1}) {
        double x = Math.max(from, 2) + rng.nextDouble() * 3;
        while (x < Math.min(to, street.length() - 2)) {
          double slot = Seeds.uniform(rng, 5.3, 7.0);
          double centre = x + slot / 2;
          if (rng.nextDouble() < Math.min(0.95, density * 1.3) && !nearCrossing(centre, 4)) {
            boolean van = rng.nextDouble() < 0.12;
            double len = van ? Seeds.uniform(rng, 4.8, 5.4) : Seeds.uniform(rng, 3.9, 4.8);
            double width = van ? 1.95 : Seeds.uniform(rng, 1.7, 1.85);
            add(new Vehicle(van ? Kind.VAN : Kind.CAR, centre, side * (r - 1.1), -side, len, width,
                Seeds.pick(rng, Palette.CARS).jitter(rng, 0.04)));
          }
          x += slot;
        }
      }
    }

    void moving() {
      double lane = laneCentre(street);
      boolean wide = street.roadHalfWidth() >= 5.5;
      for (int side : new int[] {1, -1}) {
        int direction = -side; // drive on the right
        double x = from + Seeds.uniform(rng, 0, 25);
        while (x < to) {
          Kind kind = movingKind(wide);
          double len = switch (kind) {
            case CAR -> Seeds.uniform(rng, 3.9, 4.8);
            case VAN -> Seeds.uniform(rng, 4.8, 5.6);
            case TRUCK -> Seeds.uniform(rng, 7, 9.5);
            case BUS -> Seeds.uniform(rng, 11, 12.5);
          };
          double width = switch (kind) {
            case CAR -> Seeds.uniform(rng, 1.7, 1.85);
            case VAN -> 1.95;
            case TRUCK -> 2.4;
            case BUS -> 2.55;
          };
          Rgb[] palette = switch (kind) {
            case CAR, VAN -> Palette.CARS;
            case TRUCK -> Palette.TRUCKS;
            case BUS -> Palette.BUSES;
          };
          double y = side * lane + Seeds.gaussian(rng, 0.12);
          add(new Vehicle(kind, x + len / 2, y, direction, len, width, Seeds.pick(rng, palette).jitter(rng, 0.04)));
          x += len + Seeds.uniform(rng, 4, 18) + Seeds.uniform(rng, 0, 60) / (0.2 + density);
        }
      }
    }

    void pedestrians() {
      double r = street.roadHalfWidth();
      int perSide = (int) Math.round(density * 16 * (to - from) / 100);
      for (int side : new int[] {1, -1}) {
        for (int i = 0; i < perSide; i++) {
          double x = Seeds.uniform(rng, from, to);
          double y = side * Seeds.uniform(rng, r + 0.5, street.sidewalkOuter() - 0.4);
          person(x, y);
          if (rng.nextDouble() < 0.3) {
            person(x + Seeds.uniform(rng, 0.5, 0.9), y + Seeds.uniform(rng, -0.3, 0.3));
          }
        }
      }
      for (double cx : street.crosswalks()) {
        if (cx > from && cx < to && rng.nextDouble() < density) {
          int n = 1 + rng.nextInt(3);
          for (int i = 0; i < n; i++) {
            person(cx + Seeds.uniform(rng, -1.2, 1.2), Seeds.uniform(rng, -r + 0.5, r - 0.5));
          }
        }
      }
    }

    void cyclists() {
      double r = street.roadHalfWidth();
      if (r < 6) {
        return; // no room between the travel lane and parked cars
      }
      for (int side : new int[] {1, -1}) {
        if (rng.nextDouble() < density * 0.6) {
          double x = Seeds.uniform(rng, from, to);
          double y = side * (r - PARKING_LANE - 0.5);
          if (clearOfVehicles(x, y, 1.2, 0.5)) {
            people.add(new Pedestrian(x, y, Seeds.uniform(rng, 1.6, 1.85), Seeds.pick(rng, Palette.CLOTHES),
                Seeds.pick(rng, Palette.CLOTHES), Seeds.pick(rng, Palette.SKIN), Seeds.pick(rng, Palette.HAIR), 0,
                Seeds.pick(rng, Palette.CARS), true, -side));
          }
        }
      }
    }

    private void person(double x, double y) {
      if (Math.hypot(x - eye.x(), y - eye.y()) < 1.5 || !clearOfVehicles(x, y, 0.3, 0.3)) {
        return;
      }
      Rgb bag = rng.nextDouble() < 0.3 ? Seeds.pick(rng, Palette.CLOTHES) : null;
      people.add(new Pedestrian(x, y, Seeds.uniform(rng, 1.55, 1.92), Seeds.pick(rng, Palette.CLOTHES),
          Seeds.pick(rng, Palette.CLOTHES), Seeds.pick(rng, Palette.SKIN), Seeds.pick(rng, Palette.HAIR),
          rng.nextDouble(), bag, false, 1));
    }

    private Kind movingKind(boolean wide) {
      double k = rng.nextDouble();
      if (wide && k < 0.07) {
        return Kind.BUS;
      }
      if (wide && k < 0.17) {
        return Kind.TRUCK;
      }
      return k < 0.3 ? Kind.VAN : Kind.CAR;
    }

    /** Adds a vehicle unless it would stand where the camera is. */
    private void add(Vehicle v) {
      boolean onCamera = Math.abs(v.x() - eye.x()) < v.length() / 2 + 2.5
          && Math.abs(v.y() - eye.y()) < v.width() / 2 + 1.0;
      if (!onCamera) {
        vehicles.add(v);
      }
    }

    private boolean clearOfVehicles(double x, double y, double mx, double my) {
      for (Vehicle v : vehicles) {
        if (Math.abs(v.x() - x) < v.length() / 2 + mx && Math.abs(v.y() - y) < v.width() / 2 + my) {
          return false;
        }
      }
      return true;
    }

    private boolean nearCrossing(double x, double margin) {
      for (double cx : street.crosswalks()) {
        if (Math.abs(cx - x) < margin) {
          return true;
        }
      }
      return false;
    }
  }
}
