package org.vpr4j.guidance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.vpr4j.VprException;
import org.vpr4j.data.LabelImages;

/**
 * Where semantic guidance comes from and how its targets are reduced to the feature grid, as the
 * user chose it: {@code labels} (the dataset's label images), {@code segmenter} (an ONNX model) or
 * {@code auto} (the segmenter when one is given, else the label images).
 *
 * @param kind {@code auto}, {@code labels} or {@code segmenter}
 * @param datasetRoot the dataset root holding {@code labels/}, or null when unknown
 * @param segmenter the segmentation model (ONNX), or null
 * @param grid the reduction to the feature grid
 * @param batchSize images per segmenter run
 */
public record Guidance(String kind, Path datasetRoot, Path segmenter, GridReduction grid, int batchSize) {
  public static final String AUTO = "auto";
  public static final String LABELS = "labels";
  public static final String SEGMENTER = "segmenter";

  public Guidance {
    kind = kind == null ? AUTO : kind.toLowerCase(Locale.ROOT);
    grid = grid == null ? GridReduction.BICUBIC : grid;
    if (!kind.equals(AUTO) && !kind.equals(LABELS) && !kind.equals(SEGMENTER)) {
      throw new VprException("guidance source '" + kind + "' is not one of auto, labels, segmenter");
    }
    if (batchSize < 1) {
      throw new VprException("guidance batch size " + batchSize + " must be at least 1");
    }
  }

  /** No source at all: anything that needs targets fails, saying what is missing. */
  public static Guidance none() {
    return new Guidance(AUTO, null, null, GridReduction.BICUBIC, 8);
  }

  /** Label images of {@code datasetRoot} unless a segmenter is given, the reference's bicubic grid. */
  public static Guidance auto(Path datasetRoot, Path segmenter) {
    return new Guidance(AUTO, datasetRoot, segmenter, GridReduction.BICUBIC, 8);
  }

  /** True when {@link #open} has something to open: the chosen segmenter, or the dataset's label images. */
  public boolean isAvailable() {
    boolean labels = datasetRoot != null && Files.isDirectory(datasetRoot.resolve(LabelImages.FOLDER));
    return switch (kind) {
      case SEGMENTER -> segmenter != null;
      case LABELS -> labels;
      default -> segmenter != null || labels;
    };
  }

  /**
   * Opens the chosen source.
   *
   * @param purpose what needs the guidance, for the error message (e.g. "graph deattention
   *     (de-attention, maskLossWeight 0.1)")
   * @throws VprException naming what is missing when no source is available
   */
  public TrainIdSource open(String purpose) {
    boolean useSegmenter = kind.equals(SEGMENTER) || (kind.equals(AUTO) && segmenter != null);
    if (useSegmenter) {
      if (segmenter == null) {
        throw new VprException(purpose + " needs semantic guidance from a segmentation model, but no model was"
            + " given (--segmenter FILE.onnx, input 'image' [B,3,H,W], output 'logits' [B,19,H,W])");
      }
      return SegmenterSource.open(segmenter, batchSize);
    }
    Path labels = datasetRoot == null ? null : datasetRoot.resolve(LabelImages.FOLDER);
    if (labels == null || !Files.isDirectory(labels)) {
      throw new VprException(purpose + " needs semantic guidance (Cityscapes train ids per pixel), but "
          + (labels == null ? "no dataset root is known" : "there are no label images (no folder " + labels + ")")
          + (kind.equals(AUTO) ? " and no segmentation model was given (--segmenter FILE.onnx)" : "")
          + "; write label images there or pass a segmenter");
    }
    return new LabelSource(datasetRoot);
  }
}
