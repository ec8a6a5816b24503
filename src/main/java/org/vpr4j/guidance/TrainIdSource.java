package org.vpr4j.guidance;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the per-pixel Cityscapes train ids of training images come from: label images on disk
 * ({@link LabelSource}) or a segmentation model ({@link SegmenterSource}).
 */
public interface TrainIdSource extends AutoCloseable {
  /** A short name for cache keys and logs, e.g. {@code labels} or {@code segmenter-deeplab}. */
  String name();

  /**
   * A digest of everything the train ids of {@code images} depend on (files, sizes, modification
   * times, the model), so that a cache made from other inputs is recognised as stale.
   */
  String fingerprint(List<Path> images);

  /**
   * The train ids of {@code images} as the network sees them, resized to {@code width x height}:
   * {@code images.size() * height * width} unsigned bytes, image after image, row-major; each
   * value 0..18 or 255 (void).
   */
  byte[] trainIds(List<Path> images, int width, int height);

  /**
   * The measured cost of producing one image's train ids so far, in seconds, without the image
   * decoding both this and the reference pay anyway (for a segmenter: its forward pass).
   */
  double secondsPerImage();

  @Override
  void close();
}
