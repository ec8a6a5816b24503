package org.vpr4j.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
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
  private static final String SPILL_PREFIX = "descriptors-";
  /** A spill file {@code descriptors-PID-NANOS.f32}, or its temporary {@code .descriptors-PID-NANOS.f32.*.tmp}. */
  private static final Pattern SPILL_NAME = Pattern.compile("\\.?" + SPILL_PREFIX + "(\\d+)-\\d+\\.f32(\\..+\\.tmp)?");
  private static final Logger LOG = LogManager.getLogger(DescriptorExtraction.class);

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
    int dim = model.descriptorDim();
    long bytes = (long) images.size() * dim * Float.BYTES;
    if (bytes <= Runtime.getRuntime().maxMemory() * HEAP_SHARE) {
      float[] data = new float[Math.toIntExact((long) images.size() * dim)];
      each(model, images, batchSize, task, (b, d) -> System.arraycopy(d, 0, data, b.start() * dim, d.length));
      return new Extracted(new InMemoryDescriptors(images.size(), dim, data), null);
    }
    deleteOrphanedSpills(spillFolder);
    Path file = spillFolder.resolve(SPILL_PREFIX + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".f32");
    LOG.info(String.format("%s: %d descriptors of %d floats (%.0f MB) exceed a quarter of the Java heap;"
        + " spilling them to %s", task, images.size(), dim, bytes / 1e6, file));
    DescriptorFileWriter.write(file, dim, out -> each(model, images, batchSize, task, (b, d) -> {
      try {
        out.append(d, 0, b.size());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write descriptors to " + file + ": " + e.getMessage(), e);
      }
    }));
    return new Extracted(MappedDescriptors.open(file, dim), file);
  }

  /**
   * Deletes the spill files (and their temporaries) of processes that no longer run: a process
   * killed with SIGKILL cannot delete its own, and at the paper's scale each is gigabytes. Files of
   * running processes, this one included, are left alone.
   *
   * @return how many files were deleted
   */
  static int deleteOrphanedSpills(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    int deleted = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Matcher m = SPILL_NAME.matcher(f.getFileName().toString());
        if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty() && Files.deleteIfExists(f)) {
          deleted++;
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warn("could not look for old descriptor files in {}: {}", folder, e.getMessage());
    }
    if (deleted > 0) {
      LOG.info("deleted {} descriptor file(s) in {} left by processes that no longer run", deleted, folder);
    }
    return deleted;
  }

  /** Receives each batch's descriptors, {@code [batch.size(), dim]} row-major, in image order. */
  public interface BatchSink {
    void accept(ImageBatches.Batch batch, float[] descriptors);
  }

  /**
   * Describes {@code images} in batches of {@code batchSize} (the next batch decodes while the
   * model works), handing each batch's descriptors to {@code sink}: the one extraction loop of
   * {@code vpr4j test}, {@code query index} and the Spark extract job.
   */
  public static void each(Describer model, List<Path> images, int batchSize, String task, BatchSink sink) {
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
