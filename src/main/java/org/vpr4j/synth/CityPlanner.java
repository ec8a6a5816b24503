package org.vpr4j.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Lays out the city: one district per split, far apart so the splits are geographically
 * disjoint; in each district parallel streets on a grid; on each street a row of places.
 */
final class CityPlanner {
  /** Distance between neighbouring places along a street, like Pittsburgh's ~10-15 m. */
  static final double PLACE_SPACING = 12.5;
  static final int PLACES_PER_STREET = 16;
  /** Street length kept before the first and after the last place, so views look down a street. */
  static final double END_MARGIN = 30;
  /** Distance between parallel streets: far more than the 25 m positive radius. */
  static final double STREET_PITCH = 120;
  /** Gap left between districts. */
  static final double DISTRICT_GAP = 1500;
  /** Somewhere in Pittsburgh (UTM zone 17T), so the coordinates look familiar. */
  static final double BASE_EAST = 585_000;
  static final double BASE_NORTH = 4_477_000;

  private static final long LAYOUT_STREAM = 1;

  private CityPlanner() {}

  static CityLayout plan(SynthConfig config) {
    Map<Split, List<Place>> places = new EnumMap<>(Split.class);
    int nextId = 0;
    double east = BASE_EAST;
    for (Split split : Split.values()) {
      int count = config.places(split);
      double radius = districtRadius(count);
      east += radius;
      places.put(split, planDistrict(config.seed(), split, count, nextId, east, BASE_NORTH));
      east += radius + DISTRICT_GAP;
      nextId += count;
    }
    return new CityLayout(places);
  }

  private static List<Place> planDistrict(long seed, Split split, int count, int firstId, double east,
      double north) {
    SplittableRandom districtRng = Seeds.random(seed, LAYOUT_STREAM, split.ordinal());
    double heading = Seeds.uniform(districtRng, -Math.PI, Math.PI);
    int streets = streetCount(count);
    int columns = (int) Math.ceil(Math.sqrt(streets));
    double rowPitch = streetLength(PLACES_PER_STREET) + 100;
    List<Place> places = new ArrayList<>(count);
    int id = firstId;
    for (int s = 0; s < streets; s++) {
      int onStreet = Math.min(PLACES_PER_STREET, count - s * PLACES_PER_STREET);
      double length = streetLength(onStreet);
      // Grid position of the street's origin, relative to the district centre, then rotated.
      double a = (s / columns) * rowPitch - rowPitch * (streets / columns) / 2.0;
      double b = (s % columns) * STREET_PITCH - STREET_PITCH * (columns - 1) / 2.0;
      double oe = east + StrictMath.cos(heading) * a - StrictMath.sin(heading) * b;
      double on = north + StrictMath.sin(heading) * a + StrictMath.cos(heading) * b;
      Street street = StreetBuilder.build(Seeds.random(seed, LAYOUT_STREAM, split.ordinal(), s), split, s, oe, on,
          heading, length);
      double lane = -DynamicObjects.laneCentre(street);
      for (int i = 0; i < onStreet; i++) {
        places.add(new Place(split, id++, street, END_MARGIN + i * PLACE_SPACING, lane));
      }
    }
    return places;
  }

  static int streetCount(int places) {
    return (places + PLACES_PER_STREET - 1) / PLACES_PER_STREET;
  }

  static double streetLength(int places) {
    return (places - 1) * PLACE_SPACING + 2 * END_MARGIN;
  }

  /** A radius that contains every street of the district, whatever its rotation. */
  private static double districtRadius(int places) {
    int streets = streetCount(places);
    int columns = (int) Math.ceil(Math.sqrt(streets));
    int rows = (streets + columns - 1) / columns;
    double rowPitch = streetLength(PLACES_PER_STREET) + 100;
    return Math.hypot(columns * STREET_PITCH, (rows + 1) * rowPitch);
  }
}
