package org.vpr4j.synth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What a generation wrote.
 *
 * @param root the dataset root
 * @param places number of places over all splits
 * @param databaseImages database images over all splits
 * @param queryImages query images over all splits
 * @param elapsed wall-clock time
 */
public record SynthSummary(Path root, long places, long databaseImages, long queryImages, Duration elapsed) {
  /** One line for the console. */
  public String line() {
    return String.format(Locale.ROOT,
        "synth: %d places, %d database + %d query images with labels (train/val/test) in %s (%.1f s)", places,
        databaseImages, queryImages, root, elapsed.toMillis() / 1000.0);
  }
}
