package org.vpr4j.report;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.data.ImageDecoder;
import org.vpr4j.data.ImageEncoder;
import org.vpr4j.data.ImageResizer;
import org.vpr4j.data.RgbImage;

/**
 * Small JPEG copies of images as {@code data:} URIs, so that a page opens from disk with no
 * server and no files beside it. A database image usually appears among the matches of several
 * queries, so each file is encoded once per instance.
 */
public final class Thumbnails {
  private static final Logger LOG = LogManager.getLogger(Thumbnails.class);

  private final int maxWidth;
  private final int maxHeight;
  private final Map<Path, Optional<String>> cache = new HashMap<>();

  /** Thumbnails that fit inside {@code maxWidth} x {@code maxHeight}, keeping the aspect ratio. */
  public Thumbnails(int maxWidth, int maxHeight) {
    if (maxWidth <= 0 || maxHeight <= 0) {
      throw new IllegalArgumentException("thumbnail size must be positive, got " + maxWidth + "x" + maxHeight);
    }
    this.maxWidth = maxWidth;
    this.maxHeight = maxHeight;
  }

  /**
   * The thumbnail of {@code image} as a data URI, or empty when the file cannot be read (a
   * database image moved after the index was built); the page then shows a placeholder.
   */
  public Optional<String> dataUri(Path image) {
    return cache.computeIfAbsent(image, this::encode);
  }

  private Optional<String> encode(Path image) {
    try {
      RgbImage small = fit(ImageDecoder.read(image), maxWidth, maxHeight);
      return Optional.of(jpegDataUri(small));
    } catch (VprException e) {
      LOG.warn("no thumbnail: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** {@code image} scaled down (never up) to fit the box, with Pillow-like bicubic filtering. */
  public static RgbImage fit(RgbImage image, int boxWidth, int boxHeight) {
    double scale = Math.min(1.0, Math.min((double) boxWidth / image.width(), (double) boxHeight / image.height()));
    int w = Math.max(1, (int) Math.round(image.width() * scale));
    int h = Math.max(1, (int) Math.round(image.height() * scale));
    return ImageResizer.bicubic(image, w, h);
  }

  /** An image as a {@code data:image/jpeg;base64,...} URI. */
  public static String jpegDataUri(RgbImage image) {
    return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(ImageEncoder.jpeg(image));
  }

  /** PNG bytes as a {@code data:image/png;base64,...} URI. */
  public static String pngDataUri(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }
}
