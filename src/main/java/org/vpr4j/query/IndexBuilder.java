package org.vpr4j.query;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.model.Describer;

/**
 * Builds an index once: the descriptors of every database image stream into the index's
 * descriptor file a batch at a time, then the HDF5 metadata is written beside it (and the
 * descriptors are embedded there when small). The HDF5 file appears last, so an interrupted
 * build never leaves an index that looks complete.
 */
public final class IndexBuilder {
  private static final Logger LOG = LogManager.getLogger(IndexBuilder.class);
  /** Descriptor matrices up to this size are embedded in the HDF5 file. */
  public static final long DEFAULT_EMBED_MAX_BYTES = 128L << 20;

  private IndexBuilder() {}

  /**
   * Describes {@code database} with {@code model} and writes the index to {@code file}.
   *
   * @return the index as written
   */
  public static PlaceIndex build(Describer model, ModelProvenance provenance, ImageSet database, Path file,
      int batchSize, long embedMaxBytes) {
    if (database.size() == 0) {
      throw new VprException("cannot build index " + file + ": " + database.source() + " has no images");
    }
    if (batchSize < 1) {
      throw new VprException("batch size must be at least 1, got " + batchSize);
    }
    // The name the current index does not use: it stays whole if this build is interrupted.
    Path descriptors = IndexFile.freeDescriptorFile(file);
    int leftovers = AtomicFiles.removeLeftoversOf(file) + AtomicFiles.removeLeftoversOf(IndexFile.descriptorFileFor(file))
        + AtomicFiles.removeLeftoversOf(IndexFile.alternateDescriptorFile(file));
    if (leftovers > 0) {
      LOG.info("removed {} temporary file(s) left beside {} by an interrupted 'query index'", leftovers, file);
    }
    try {
      DescriptorStreaming.write(model, database.images(), batchSize, "indexing " + database.size() + " images",
          descriptors);
    } catch (UncheckedIOException e) {
      // the user asked for `file`; the descriptor file is our detail, named second
      throw new UncheckedIOException("cannot write " + file + ": " + e.getCause().getMessage() + " (while writing its"
          + " descriptors to " + descriptors + ")", e.getCause());
    }
    IndexFile.write(file, provenance, database, descriptors, embedMaxBytes);
    return IndexFile.read(file);
  }
}
