package org.vpr4j.query;

import java.util.Optional;

/**
 * Reads the UTM position from image names of the VPR-datasets-downloader convention,
 * {@code @UTM_east@UTM_north@zone@letter@lat@lon@...@.jpg}. Unlike dataset loading, where every
 * name must carry a position, a query may be any photo: a name without one simply has no
 * position.
 */
public final class UtmNames {
  private UtmNames() {}

  /** (easting, northing) in metres, or empty when the name does not follow the convention. */
  public static Optional<double[]> parse(String fileName) {
    String[] fields = fileName.split("@", -1);
    if (fields.length < 4 || !fields[0].isEmpty()) {
      return Optional.empty();
    }
    try {
      double east = Double.parseDouble(fields[1]);
      double north = Double.parseDouble(fields[2]);
      return Double.isFinite(east) && Double.isFinite(north) ? Optional.of(new double[] {east, north}) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
