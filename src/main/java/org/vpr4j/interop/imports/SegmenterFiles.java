package org.vpr4j.interop.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an imported segmenter lives in a run folder, for semantic guidance:
 * <pre>
 *   RUN/segmenter.onnx               DeepLabV3+ MobileNetV2: input 'image' float32 [B,3,H,W]
 *                                    (ImageNet-normalised RGB), output 'logits' [B,19,H,W] over
 *                                    the Cityscapes train ids
 *   RUN/segmenter-import.json        what was imported and its parity figures
 * </pre>
 * Open it with {@code OnnxRuntimeModel.open(SegmenterFiles.onnx(run))} and feed
 * {@code ImagenetInput.fromUint8Nhwc(...)}.
 */
public final class SegmenterFiles {
  /** The segmenter's file name in a run folder. */
  public static final String ONNX = "segmenter.onnx";
  /** The import report of the segmenter. */
  public static final String REPORT = "segmenter-import.json";

  private SegmenterFiles() {}

  /** {@code RUN/segmenter.onnx}, whether or not it exists. */
  public static Path onnx(Path runRoot) {
    return runRoot.resolve(ONNX);
  }

  /** The run folder's segmenter, if one was imported. */
  public static Optional<Path> find(Path runRoot) {
    Path file = onnx(runRoot);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }
}
