package org.vpr4j.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Chooses the camera poses of a place: database views from the place at evenly spread headings
 * (like Pittsburgh's yaw views), and queries a few metres away, looking roughly the way one of the
 * database views looks, with a slightly different camera.
 */
final class ShotPlanner {
  static final double CAMERA_HEIGHT = 2.5;
  static final double DB_FOV = 60;
  /** Queries stay within this distance of their place, well inside the 10 m training radius. */
  static final double MAX_QUERY_OFFSET = 7.5;
  /** The first database view looks slightly across the street rather than straight along it. */
  private static final double FIRST_YAW = 0.45;
  private static final long VIEW_STREAM = 2;
  private static final long QUERY_STREAM = 3;

  private ShotPlanner() {}

  static List<Shot> database(Place p, SynthConfig c) {
    List<Shot> shots = new ArrayList<>(c.dbViews());
    for (int k = 0; k < c.dbViews(); k++) {
      SplittableRandom rng = Seeds.random(c.seed(), VIEW_STREAM, p.id(), k);
      double yaw = baseYaw(k, c.dbViews()) + Seeds.gaussian(rng, 0.03);
      shots.add(new Shot(p, false, k, new Vec3(p.x(), p.y(), CAMERA_HEIGHT), yaw, 0.05, 0, DB_FOV,
          String.format(Locale.ROOT, "%s/%06d_yaw%d.jpg", folder(p), p.id(), k)));
    }
    return shots;
  }

  static List<Shot> queries(Place p, SynthConfig c) {
    List<Shot> shots = new ArrayList<>(c.queriesPerPlace());
    double r = p.street().roadHalfWidth();
    for (int q = 0; q < c.queriesPerPlace(); q++) {
      SplittableRandom rng = Seeds.random(c.seed(), QUERY_STREAM, p.id(), q);
      double dx = Seeds.uniform(rng, 1.5, 6.0) * (rng.nextBoolean() ? 1 : -1);
      double y = Math.max(-r + 1, Math.min(r - 1, p.y() + Seeds.uniform(rng, -1.5, 2.5)));
      double dy = y - p.y();
      double offset = Math.hypot(dx, dy);
      if (offset > MAX_QUERY_OFFSET) {
        dx *= MAX_QUERY_OFFSET / offset;
        dy *= MAX_QUERY_OFFSET / offset;
      }
      int view = (q + p.id()) % c.dbViews();
      double yaw = baseYaw(view, c.dbViews()) + Seeds.gaussian(rng, 0.12);
      Vec3 eye = new Vec3(p.x() + dx, p.y() + dy, CAMERA_HEIGHT + Seeds.uniform(rng, -0.35, 0.25));
      shots.add(new Shot(p, true, q, eye, yaw, 0.04 + Seeds.gaussian(rng, 0.03), Seeds.gaussian(rng, 0.015),
          Seeds.uniform(rng, 55, 66), String.format(Locale.ROOT, "%s/%06d_q%d.jpg", folder(p), p.id(), q)));
    }
    return shots;
  }

  private static double baseYaw(int view, int views) {
    return FIRST_YAW + 2 * Math.PI * view / views;
  }

  /** Pittsburgh keeps a thousand places per folder: 000, 001, ... */
  private static String folder(Place p) {
    return String.format(Locale.ROOT, "%03d", p.id() / 1000);
  }
}
