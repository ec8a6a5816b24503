package org.vpr4j.query;

import java.nio.file.Path;
import org.vpr4j.eval.DescriptorStore;

/**
 * A database ready to be searched: its images and positions, their descriptors, and the model
 * that made them. Read one with {@link IndexFile#read}.
 *
 * @param file the index file it was read from
 * @param model provenance of the descriptors
 * @param database the indexed images with their positions and match radius
 * @param descriptors one row per database image, in the order of {@code database.images()}
 */
public record PlaceIndex(Path file, ModelProvenance model, ImageSet database, DescriptorStore descriptors) {

  public int size() {
    return database.size();
  }

  public int descriptorDim() {
    return descriptors.dim();
  }
}
