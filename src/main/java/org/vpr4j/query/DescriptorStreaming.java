package org.vpr4j.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.vpr4j.eval.DescriptorExtraction;
import org.vpr4j.eval.DescriptorFileWriter;
import org.vpr4j.model.Describer;

/**
 * Computes descriptors batch by batch straight into a descriptor file, so that building an index
 * of any size holds only one batch of descriptors in the heap (Pitts250k's database at 32,768
 * dimensions would be 11 GB).
 */
final class DescriptorStreaming {
  private DescriptorStreaming() {}

  /** Writes the descriptors of {@code images}, in order, to {@code file} (atomically). */
  static void write(Describer model, List<Path> images, int batchSize, String task, Path file) {
    DescriptorFileWriter.write(file, model.descriptorDim(), out ->
        DescriptorExtraction.each(model, images, batchSize, task, (b, d) -> {
          try {
            out.append(d, 0, b.size());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write descriptors to " + file + ": " + e.getMessage(), e);
          }
        }));
  }
}
