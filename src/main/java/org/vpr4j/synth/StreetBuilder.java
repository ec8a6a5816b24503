package org.vpr4j.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vpr4j.synth.FacadeDesigner.Character;
import org.vpr4j.synth.Lot.Boundary;
import org.vpr4j.synth.StreetProp.Kind;

/** Plans one street: parcels with buildings or lots on both sides, the blocks behind, props. */
final class StreetBuilder {
  private final SplittableRandom rng;
  private final Character character;
  private final double length;
  private final double roadHalf;
  private final double sidewalk;
  private final double crossWidth;
  private final List<Building> frontRow = new ArrayList<>();
  private final List<Building> ends = new ArrayList<>();
  private final List<Building> backdrop = new ArrayList<>();
  private final List<Lot> lots = new ArrayList<>();
  private final List<StreetProp> props = new ArrayList<>();
  private final List<Double> crosswalks = new ArrayList<>();
  private final List<Vec3> manholes = new ArrayList<>();

  private StreetBuilder(SplittableRandom rng, double length) {
    this.rng = rng;
    this.length = length;
    this.character = Character.values()[rng.nextInt(Character.values().length)];
    this.roadHalf = character == Character.RESIDENTIAL ? Seeds.uniform(rng, 4.0, 5.5) : Seeds.uniform(rng, 5.0, 7.5);
    this.sidewalk = Seeds.uniform(rng, 2.5, 4.5);
    this.crossWidth = Seeds.uniform(rng, 14, 20);
  }

  /** A street of the given length whose frame origin sits at the given UTM point. */
  static Street build(SplittableRandom rng, Split split, int index, double east, double north, double heading,
      double length) {
    StreetBuilder b = new StreetBuilder(rng, length);
    b.plan();
    return new Street(split, index, east, north, heading, length, b.roadHalf, b.sidewalk, b.crossWidth,
        Rgb.of(0x4a4a4c).jitter(rng, 0.1), Rgb.of(0xa8a49c).jitter(rng, 0.08), rng.nextBoolean(),
        List.copyOf(b.frontRow), List.copyOf(b.ends), List.copyOf(b.backdrop), List.copyOf(b.lots),
        List.copyOf(b.props), List.copyOf(b.crosswalks), List.copyOf(b.manholes));
  }

  private void plan() {
    for (int side : new int[] {1, -1}) {
      planFrontRow(side);
      planBackdrop(side);
    }
    planEnd(-crossWidth, 1);
    planEnd(length + crossWidth, -1);
    planLamps();
    planTrees();
    planSigns();
    planCrossings();
    for (double x = Seeds.uniform(rng, 5, 30); x < length; x += Seeds.uniform(rng, 20, 45)) {
      manholes.add(new Vec3(x, Seeds.uniform(rng, -roadHalf + 1.5, roadHalf - 1.5), 0));
    }
  }

  private void planFrontRow(int side) {
    double x = 0;
    while (x < length - 3) {
      double w = parcelWidth();
      if (length - (x + w) < 5) {
        w = length - x;
      }
      double outer = roadHalf + sidewalk;
      if (rng.nextDouble() < lotChance()) {
        Boundary boundary = Boundary.values()[rng.nextInt(Boundary.values().length)];
        lots.add(new Lot(x, x + w, side, outer, 50, boundary, Seeds.pick(rng, Palette.BOUNDARIES),
            boundary == Boundary.FENCE ? Seeds.uniform(rng, 1.2, 2.2) : Seeds.uniform(rng, 0.8, 1.8),
            rng.nextDouble() < 0.6));
      } else {
        double setback = setback();
        if (setback > 0.5) {
          Boundary yard = rng.nextBoolean() ? Boundary.HEDGE : (rng.nextBoolean() ? Boundary.FENCE : Boundary.NONE);
          lots.add(new Lot(x, x + w, side, outer, setback, yard, Seeds.pick(rng, Palette.BOUNDARIES),
              yard == Boundary.HEDGE ? Seeds.uniform(rng, 0.8, 1.4) : 1.0, true));
        }
        frontRow.add(facing(side, x, x + w, outer + setback, buildingHeight(), Seeds.uniform(rng, 12, 20),
            FacadeDesigner.front(rng, character)));
      }
      x += w;
    }
  }

  private void planBackdrop(int side) {
    double x = -60;
    double base = roadHalf + sidewalk + Seeds.uniform(rng, 22, 32);
    while (x < length + 60) {
      double w = Seeds.uniform(rng, 14, 40);
      double h = character == Character.DOWNTOWN ? Seeds.uniform(rng, 20, 70) : Seeds.uniform(rng, 10, 30);
      backdrop.add(facing(side, x, x + w, base + Seeds.uniform(rng, 0, 15), h, 15, FacadeDesigner.backdrop(rng)));
      x += w + (rng.nextDouble() < 0.3 ? Seeds.uniform(rng, 3, 12) : 0);
    }
  }

  /** A row of buildings across a cross street, facing back along the street (direction {@code dir}). */
  private void planEnd(double x, int dir) {
    double reach = roadHalf + sidewalk + 60;
    double y = -reach;
    while (y < reach) {
      double w = Seeds.uniform(rng, 10, 24);
      Facade f = FacadeDesigner.front(rng, character);
      double h = buildingHeight();
      // u runs so that u x up points back down the street towards the cameras.
      Vec3 u = new Vec3(0, dir, 0);
      Vec3 origin = dir > 0 ? new Vec3(x, y, 0) : new Vec3(x, y + w, 0);
      ends.add(new Building(origin, u, w, 15, h, f));
      y += w;
    }
  }

  private Building facing(int side, double x0, double x1, double y, double h, double depth, Facade f) {
    // Left side (y > 0) faces -y: u = +x. Right side faces +y: u = -x, starting at x1.
    Vec3 u = new Vec3(side, 0, 0);
    Vec3 origin = side > 0 ? new Vec3(x0, y, 0) : new Vec3(x1, -y, 0);
    return new Building(origin, u, x1 - x0, depth, h, f);
  }

  private void planLamps() {
    boolean bothSides = rng.nextBoolean();
    int style = rng.nextInt(2);
    Rgb colour = Seeds.pick(rng, Palette.POLES);
    double spacing = Seeds.uniform(rng, 24, 36);
    int side = 1;
    for (double x = Seeds.uniform(rng, 3, spacing); x < length; x += spacing) {
      props.add(new StreetProp(Kind.LAMP, x, side * (roadHalf + 0.5), Seeds.uniform(rng, 6.5, 8.5), colour, style,
          -side));
      if (bothSides) {
        props.add(new StreetProp(Kind.LAMP, x, -side * (roadHalf + 0.5), Seeds.uniform(rng, 6.5, 8.5), colour, style,
            side));
      } else {
        side = -side;
      }
    }
  }

  private void planTrees() {
    double chance = switch (character) {
      case DOWNTOWN -> 0.3;
      case MAIN_STREET -> 0.55;
      case RESIDENTIAL -> 0.9;
    };
    for (int side : new int[] {1, -1}) {
      if (rng.nextDouble() > chance) {
        continue;
      }
      Rgb foliage = Rgb.of(0x4d7a33).jitter(rng, 0.15);
      for (double x = Seeds.uniform(rng, 2, 10); x < length - 1; x += Seeds.uniform(rng, 7, 15)) {
        if (rng.nextDouble() < 0.8) {
          props.add(new StreetProp(Kind.TREE, x, side * (roadHalf + Math.min(1.3, sidewalk * 0.4)),
              Seeds.uniform(rng, 5.5, 11), foliage.jitter(rng, 0.06), rng.nextInt(3), 1));
        }
      }
    }
  }

  private void planSigns() {
    for (double x = Seeds.uniform(rng, 5, 40); x < length - 3; x += Seeds.uniform(rng, 18, 45)) {
      int side = rng.nextBoolean() ? 1 : -1;
      int shape = rng.nextInt(5);
      props.add(new StreetProp(Kind.SIGN, x, side * (roadHalf + 0.35), Seeds.uniform(rng, 2.4, 3.2),
          Rgb.of(0x888888), shape, rng.nextBoolean() ? 1 : -1));
    }
  }

  private void planCrossings() {
    crosswalks.add(3.0);
    crosswalks.add(length - 3.0);
    // Traffic lights at both intersections, facing the traffic that approaches them.
    props.add(new StreetProp(Kind.TRAFFIC_LIGHT, 1.0, roadHalf + 0.6, 4.5, Rgb.of(0x2b2d2f), rng.nextInt(2), 1));
    props.add(new StreetProp(Kind.TRAFFIC_LIGHT, length - 1.0, -roadHalf - 0.6, 4.5, Rgb.of(0x2b2d2f),
        rng.nextInt(2), -1));
    if (length > 80 && rng.nextDouble() < 0.4) {
      double x = Seeds.uniform(rng, length * 0.3, length * 0.7);
      crosswalks.add(x);
      props.add(new StreetProp(Kind.TRAFFIC_LIGHT, x - 1.5, -roadHalf - 0.6, 4.2, Rgb.of(0x2b2d2f), 0, -1));
      props.add(new StreetProp(Kind.TRAFFIC_LIGHT, x + 1.5, roadHalf + 0.6, 4.2, Rgb.of(0x2b2d2f), 0, 1));
    }
  }

  private double parcelWidth() {
    return switch (character) {
      case DOWNTOWN -> Seeds.uniform(rng, 12, 30);
      case MAIN_STREET -> Seeds.uniform(rng, 6, 14);
      case RESIDENTIAL -> Seeds.uniform(rng, 8, 15);
    };
  }

  private double lotChance() {
    return switch (character) {
      case DOWNTOWN -> 0.04;
      case MAIN_STREET -> 0.08;
      case RESIDENTIAL -> 0.15;
    };
  }

  private double setback() {
    return switch (character) {
      case DOWNTOWN -> 0;
      case MAIN_STREET -> rng.nextDouble() < 0.15 ? Seeds.uniform(rng, 1, 3) : 0;
      case RESIDENTIAL -> Seeds.uniform(rng, 2, 5);
    };
  }

  private double buildingHeight() {
    return switch (character) {
      case DOWNTOWN -> Seeds.uniform(rng, 16, 45);
      case MAIN_STREET -> Seeds.uniform(rng, 8, 18);
      case RESIDENTIAL -> Seeds.uniform(rng, 6.5, 11);
    };
  }
}
