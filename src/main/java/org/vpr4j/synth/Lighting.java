package org.vpr4j.synth;

import java.util.SplittableRandom;

/**
 * The conditions of one capture: time of day (sun direction and colour, sky colours), overcast,
 * haze and the season of the trees. Database and query images of a place are taken under
 * different conditions, which changes the sky completely and the shading of every facade.
 *
 * @param skyTop sky colour high above
 * @param skyHorizon sky colour at the horizon (also the haze colour)
 * @param sun colour and strength of direct sunlight
 * @param ambient colour and strength of sky light
 * @param toSun unit vector towards the sun, in the street's frame
 * @param hazeDistance distance at which far objects are 63% faded into the horizon colour
 * @param cloudiness 0 clear .. 1 many clouds
 * @param cloud colour of the clouds
 * @param foliage tint of tree crowns for the season
 * @param foliageDensity how full the crowns are, 0.6 .. 1
 */
record Lighting(
    Rgb skyTop,
    Rgb skyHorizon,
    Rgb sun,
    Rgb ambient,
    Vec3 toSun,
    double hazeDistance,
    double cloudiness,
    Rgb cloud,
    Rgb foliage,
    double foliageDensity) {

  private static final Rgb NOON_TOP = Rgb.of(0x2f6fc9);
  private static final Rgb NOON_HORIZON = Rgb.of(0xb9d3ee);
  private static final Rgb MORNING_TOP = Rgb.of(0x6b9bd1);
  private static final Rgb MORNING_HORIZON = Rgb.of(0xf0d9bc);
  private static final Rgb DUSK_TOP = Rgb.of(0x34406e);
  private static final Rgb DUSK_HORIZON = Rgb.of(0xf09a55);
  private static final Rgb OVERCAST_TOP = Rgb.of(0x8e979f);
  private static final Rgb OVERCAST_HORIZON = Rgb.of(0xcdd1d4);
  private static final Rgb[] SEASONS = Palette.colours(0x5e8c3a, 0x3f6e2a, 0x9aa43a, 0xc2822e, 0x7f9a3c);

  /**
   * Random conditions between sunrise and sunset. {@code streetHeading} (radians from east) turns
   * the sun's compass direction into the street's frame.
   */
  static Lighting sample(SplittableRandom rng, double streetHeading) {
    double day = rng.nextDouble(); // 0 = an hour after sunrise, 0.5 = noon, 1 = an hour before sunset
    boolean overcast = rng.nextDouble() < 0.25;
    double lowSun = Math.abs(day - 0.5) * 2; // 0 at noon, 1 at the ends of the day
    double elevation = Math.toRadians(8 + 52 * StrictMath.sin(Math.PI * day));
    double compass = Math.toRadians(90 + 180 * day); // east, through south, to west
    double azimuth = Math.PI / 2 - compass - streetHeading;
    Vec3 toSun = Vec3.direction(azimuth, elevation);

    Rgb endTop = day < 0.5 ? MORNING_TOP : DUSK_TOP;
    Rgb endHorizon = day < 0.5 ? MORNING_HORIZON : DUSK_HORIZON;
    double warm = lowSun * lowSun;
    Rgb top = NOON_TOP.mix(endTop, warm);
    Rgb horizon = NOON_HORIZON.mix(endHorizon, warm);
    Rgb sun = new Rgb(1.0, 0.96 - 0.25 * warm, 0.9 - 0.45 * warm).times(0.62 - 0.12 * warm);
    Rgb ambient = top.mix(new Rgb(1, 1, 1), 0.55).times(0.58 - 0.12 * warm);
    double cloudiness = rng.nextDouble() * rng.nextDouble();
    Rgb cloud = new Rgb(1, 1, 1).mix(horizon, 0.35);
    if (overcast) {
      double grey = Seeds.uniform(rng, 0.85, 1.1);
      top = OVERCAST_TOP.times(grey).clamped();
      horizon = OVERCAST_HORIZON.times(grey).clamped();
      sun = sun.times(0.15);
      ambient = new Rgb(0.78, 0.79, 0.8).times(grey);
      cloudiness = 0.3 + 0.5 * rng.nextDouble();
      cloud = horizon.times(0.92);
    }
    // Camera exposure and white balance wobble a little between visits.
    double exposure = Seeds.uniform(rng, 0.9, 1.12);
    Rgb balance = new Rgb(Seeds.uniform(rng, 0.95, 1.05), 1, Seeds.uniform(rng, 0.95, 1.05)).times(exposure);
    return new Lighting(top.times(balance).clamped(), horizon.times(balance).clamped(), sun.times(balance),
        ambient.times(balance), toSun, Seeds.uniform(rng, 350, 1200), cloudiness, cloud.times(balance).clamped(),
        Seeds.pick(rng, SEASONS), Seeds.uniform(rng, 0.6, 1.0));
  }

  /** The colour a surface of the given albedo and outward normal shows under this light. */
  Rgb shade(Rgb albedo, Vec3 normal) {
    double direct = Math.max(0, normal.dot(toSun));
    double skyView = 0.75 + 0.25 * normal.z(); // upward faces see more sky
    return albedo.times(ambient.times(skyView).plus(sun.times(direct)));
  }

  /** Fades a colour towards the horizon colour with distance, the main depth cue of a street. */
  Rgb haze(Rgb colour, double distance) {
    double t = 1 - StrictMath.exp(-distance / hazeDistance);
    return colour.mix(skyHorizon, t * 0.85);
  }
}
