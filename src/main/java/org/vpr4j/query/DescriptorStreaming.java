package org.vpr4j.query;

import java.nio.file.Path;
import java.util.List;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.eval.DescriptorFileWriter;
import org.vpr4j.model.Describer;
import org.vpr4j.util.Progress;

/**
 * Computes descriptors batch by batch straight into a descriptor file, so that building an index
 * of any size holds only one batch of descriptors in the heap (Pitts250k's database at 32,768
 * dimensions would be 11 GB).
 */
final class DescriptorStreaming {
  private DescriptorStreaming() {}

  /** Writes the descriptors of {@code images}, in order, to {@code file} (atomically). */
  static void write(Describer model, List<Path> images, int batchSize, String task, Path file) {
    int w = model.config().inputWidth();
    int h = model.config().inputHeight();
    DescriptorFileWriter.write(file, model.descriptorDim(), out -> {
      try (ImageBatches batches = new ImageBatches(images, w, h, batchSize);
          Progress progress = Progress.start(task, images.size(), "img")) {
        while (batches.hasNext()) {
          ImageBatches.Batch b = batches.next();
          out.append(model.describe(b.pixels(), b.size()), 0, b.size());
          progress.step(b.size());
        }
      }
    });
  }
}
