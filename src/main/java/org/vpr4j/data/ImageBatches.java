package org.vpr4j.data;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vpr4j.VprException;

/**
 * Loads images in order as batches of uint8 RGB pixels (NHWC), each image decoded and resized with
 * {@link ImageResizer#bicubic} to the target size. Decoding runs ahead on a small thread pool while
 * the caller works on the current batch; at most {@code prefetch} batches are in flight, which bounds
 * memory. A file that cannot be read surfaces from {@link #next()} as its {@link VprException}, in
 * the batch that holds it. Pixels are not normalised: the model graph does that.
 *
 * <p>Not thread-safe: one consumer calls {@link #next()}. Close it (try-with-resources) to stop the
 * workers when leaving early.
 */
public final class ImageBatches implements Iterator<ImageBatches.Batch>, AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  /**
   * Images {@code start} (inclusive) to {@code end} (exclusive) of the list, as
   * {@code (end - start) x height x width x 3} bytes.
   */
  public record Batch(int start, int end, int width, int height, byte[] pixels) {
    public int size() {
      return end - start;
    }
  }

  /** A batch being loaded: one future per image, each filling its slice of {@code pixels}. */
  private record Pending(int start, int end, byte[] pixels, List<Future<?>> images) {}

  private final List<Path> images;
  private final int width;
  private final int height;
  private final int batchSize;
  private final int prefetch;
  private final ExecutorService pool;
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  private int nextToSubmit;
  private int nextToReturn;
  private boolean closed;

  /** Two loader threads, two batches ahead. */
  public ImageBatches(List<Path> images, int width, int height, int batchSize) {
    this(images, width, height, batchSize, 2, 2);
  }

  /**
   * @param threads decoding threads
   * @param prefetch batches loaded ahead of the consumer (at least 1)
   */
  public ImageBatches(List<Path> images, int width, int height, int batchSize, int threads, int prefetch) {
    if (width <= 0 || height <= 0 || batchSize <= 0 || threads <= 0 || prefetch <= 0) {
      throw new IllegalArgumentException("size " + width + "x" + height + ", batch size " + batchSize
          + ", threads " + threads + " and prefetch " + prefetch + " must all be positive");
    }
    this.images = List.copyOf(images);
    this.width = width;
    this.height = height;
    this.batchSize = batchSize;
    this.prefetch = prefetch;
    this.pool = Executors.newFixedThreadPool(threads, daemonThreads("vpr4j-images-" + POOLS.incrementAndGet()));
    fillWindow();
  }

  /**
   * The pixels of all {@code images} as one batch (uint8 RGB NHWC at {@code width x height}), for a
   * handful of images that one forward pass takes at once.
   */
  public static byte[] loadAll(List<Path> images, int width, int height) {
    try (ImageBatches batches = new ImageBatches(images, width, height, images.size())) {
      return batches.next().pixels();
    }
  }

  public int batchCount() {
    return (images.size() + batchSize - 1) / batchSize;
  }

  @Override
  public boolean hasNext() {
    return !closed && nextToReturn < images.size();
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException(closed ? "image batches are closed" : "no more image batches");
    }
    Pending pending = inFlight.poll();
    nextToReturn = pending.end();
    try {
      for (Future<?> image : pending.images()) {
        await(image);
      }
    } finally {
      fillWindow();
    }
    return new Batch(pending.start(), pending.end(), width, height, pending.pixels());
  }

  /** Stops loading: queued images are dropped and the worker threads end. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Pending pending : inFlight) {
      pending.images().forEach(f -> f.cancel(true));
    }
    inFlight.clear();
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void fillWindow() {
    while (!closed && inFlight.size() < prefetch && nextToSubmit < images.size()) {
      int start = nextToSubmit;
      int end = Math.min(start + batchSize, images.size());
      int frame = width * height * 3;
      byte[] pixels = new byte[(end - start) * frame];
      List<Future<?>> futures = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        Path file = images.get(i);
        int offset = (i - start) * frame;
        futures.add(pool.submit(() -> {
          RgbImage image = ImageResizer.bicubic(ImageDecoder.read(file), width, height);
          System.arraycopy(image.pixels(), 0, pixels, offset, frame);
        }));
      }
      inFlight.add(new Pending(start, end, pixels, futures));
      nextToSubmit = end;
    }
  }

  private static void await(Future<?> image) {
    try {
      image.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for images", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof VprException v) {
        // same message (it names the file), with the consumer's stack for context
        throw new VprException(v.getMessage(), v);
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("loading an image failed: " + cause, cause);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
