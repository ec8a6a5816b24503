package org.vpr4j.guidance;

import java.nio.file.Path;
import java.util.List;

/** Decides which feature-grid locations of images may give k-means samples (de-attention clustering). */
@FunctionalInterface
public interface LocationFilter {
  /**
   * For each image in order, for each grid location (row-major over {@code gridHeight x gridWidth}),
   * whether its local descriptor may be sampled.
   */
  boolean[] allowed(List<Path> images, int gridHeight, int gridWidth);
}
