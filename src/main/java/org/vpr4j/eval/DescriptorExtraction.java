package org.vpr4j.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.model.Describer;
import org.vpr4j.util.Progress;

/**
 * Computes the global descriptors of a list of images in batches, decoding the next batch while
 * the model works on the current one. The matrix stays in memory when it fits a quarter of the
 * heap; otherwise it goes to a memory-mapped file in the spill folder, deleted on close.
 */
public final class DescriptorExtraction {
  /** Descriptor matrices up to this share of the maximum heap stay in memory. */
  static final double HEAP_SHARE = 0.25;

  /** Extracted descriptors; closing deletes the spill file, if any. */
  public record Extracted(DescriptorStore store, Path spillFile) implements AutoCloseable {
    @Override
    public void close() {
      if (spillFile != null) {
        try {
          Files.deleteIfExists(spillFile);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + spillFile, e);
        }
      }
    }
  }

  private DescriptorExtraction() {}

  public static Extracted extract(Describer model, List<Path> images, int batchSize, String task, Path spillFolder) {
    int dim = model.config().descriptorDim();
    long bytes = (long) images.size() * dim * Float.BYTES;
    if (bytes <= Runtime.getRuntime().maxMemory() * HEAP_SHARE) {
      float[] data = new float[Math.toIntExact((long) images.size() * dim)];
      each(model, images, batchSize, task, (b, d) -> System.arraycopy(d, 0, data, b.start() * dim, d.length));
      return new Extracted(new InMemoryDescriptors(images.size(), dim, data), null);
    }
    Path file = spillFolder.resolve("descriptors-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".f32");
    DescriptorFileWriter.write(file, dim, out -> each(model, images, batchSize, task, (b, d) -> {
      try {
        out.append(d, 0, b.size());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write descriptors to " + file + ": " + e.getMessage(), e);
      }
    }));
    return new Extracted(MappedDescriptors.open(file, dim), file);
  }

  private interface BatchSink {
    void accept(ImageBatches.Batch batch, float[] descriptors);
  }

  private static void each(Describer model, List<Path> images, int batchSize, String task, BatchSink sink) {
    int w = model.config().inputWidth();
    int h = model.config().inputHeight();
    try (ImageBatches batches = new ImageBatches(images, w, h, batchSize);
        Progress progress = Progress.start(task, images.size(), "img")) {
      while (batches.hasNext()) {
        ImageBatches.Batch b = batches.next();
        sink.accept(b, model.describe(b.pixels(), b.size()));
        progress.step(b.size());
      }
    }
  }
}
