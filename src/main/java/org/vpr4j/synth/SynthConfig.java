package org.vpr4j.synth;

import org.vpr4j.VprException;

/**
 * Everything that determines a synthetic city: the same values always produce byte-identical
 * files. {@link #threads} only changes how fast it is generated, never what.
 *
 * @param seed root of every random choice
 * @param placesTrain number of places in the training district
 * @param placesVal number of places in the validation district
 * @param placesTest number of places in the test district
 * @param dbViews database images per place (different headings, like Pittsburgh's yaw views)
 * @param queriesPerPlace query images per place, taken a few metres away at another time
 * @param width image width in pixels
 * @param height image height in pixels
 * @param distractors density of cars, people and other dynamic objects, 0 (none) to 1 (crowded)
 * @param jpegQuality JPEG quality, 1..100
 * @param threads worker threads for rendering
 */
public record SynthConfig(
    long seed,
    int placesTrain,
    int placesVal,
    int placesTest,
    int dbViews,
    int queriesPerPlace,
    int width,
    int height,
    double distractors,
    int jpegQuality,
    int threads) {

  public static final long DEFAULT_SEED = 123;
  public static final int DEFAULT_PLACES_TRAIN = 120;
  public static final int DEFAULT_PLACES_VAL = 60;
  public static final int DEFAULT_PLACES_TEST = 60;
  public static final int DEFAULT_DB_VIEWS = 2;
  public static final int DEFAULT_QUERIES_PER_PLACE = 1;
  public static final int DEFAULT_WIDTH = 640;
  public static final int DEFAULT_HEIGHT = 480;
  public static final double DEFAULT_DISTRACTORS = 0.5;
  public static final int DEFAULT_JPEG_QUALITY = 90;

  /** Validates every value; a bad one is reported with the CLI option that sets it. */
  public SynthConfig {
    checkRange("places-train", placesTrain, 1, 1_000_000);
    checkRange("places-val", placesVal, 1, 1_000_000);
    checkRange("places-test", placesTest, 1, 1_000_000);
    checkRange("db-views", dbViews, 1, 24);
    checkRange("queries-per-place", queriesPerPlace, 1, 24);
    checkRange("width", width, 16, 8192);
    checkRange("height", height, 16, 8192);
    checkRange("jpeg-quality", jpegQuality, 1, 100);
    checkRange("threads", threads, 1, 1024);
    if (!(distractors >= 0 && distractors <= 1)) {
      throw new VprException("synth: --distractors " + distractors + " must be between 0 and 1");
    }
  }

  /** The defaults of {@code vpr4j synth}, using every available core. */
  public static SynthConfig defaults() {
    return new SynthConfig(DEFAULT_SEED, DEFAULT_PLACES_TRAIN, DEFAULT_PLACES_VAL, DEFAULT_PLACES_TEST,
        DEFAULT_DB_VIEWS, DEFAULT_QUERIES_PER_PLACE, DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_DISTRACTORS,
        DEFAULT_JPEG_QUALITY, Runtime.getRuntime().availableProcessors());
  }

  public int places(Split split) {
    return switch (split) {
      case TRAIN -> placesTrain;
      case VAL -> placesVal;
      case TEST -> placesTest;
    };
  }

  public long totalPlaces() {
    return (long) placesTrain + placesVal + placesTest;
  }

  /** Database plus query images over all splits. */
  public long totalImages() {
    return totalPlaces() * (dbViews + queriesPerPlace);
  }

  private static void checkRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new VprException("synth: --" + option + " " + value + " must be between " + min + " and " + max);
    }
  }
}
