package org.vpr4j.spark;

import java.io.Serializable;

/**
 * One image to describe: its place in the listing (the row number every later step refers to),
 * its path (local, or any Hadoop file system URI) and its UTM position, NaN when unknown.
 */
public record ImageRow(long index, String path, double easting, double northing) implements Serializable {
  public boolean hasPosition() {
    return Double.isFinite(easting) && Double.isFinite(northing);
  }
}
