package org.vpr4j.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.data.RgbImage;
import org.vpr4j.model.InferenceModel;

/**
 * Runs a model's de-attention mask head on a few images and draws each mask over its image (see
 * {@link MaskOverlay}). Models without a de-attention module give no samples.
 */
public final class MaskSamples {
  /** One image with its mask drawn beside it. */
  public record Sample(Path image, RgbImage overlay, double meanKeep) {}

  private MaskSamples() {}

  /** Overlays for {@code images}, or an empty list when the model has no mask. */
  public static List<Sample> compute(InferenceModel model, List<Path> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    int w = model.config().inputWidth();
    int h = model.config().inputHeight();
    int mh = model.config().featureHeight();
    int mw = model.config().featureWidth();
    List<Sample> out = new ArrayList<>();
    try (ImageBatches batches = new ImageBatches(images, w, h, images.size())) {
      ImageBatches.Batch b = batches.next();
      float[] masks = model.mask(b.pixels(), b.size());
      if (masks == null) {
        return List.of();
      }
      if (masks.length != b.size() * mh * mw) {
        throw new IllegalStateException(masks.length + " mask values for " + b.size() + " images of a " + mh + "x"
            + mw + " feature grid");
      }
      int frame = w * h * 3;
      for (int i = 0; i < b.size(); i++) {
        byte[] pixels = java.util.Arrays.copyOfRange(b.pixels(), i * frame, (i + 1) * frame);
        float[] mask = java.util.Arrays.copyOfRange(masks, i * mh * mw, (i + 1) * mh * mw);
        double mean = 0;
        for (float v : mask) {
          mean += v;
        }
        out.add(new Sample(images.get(i), MaskOverlay.sideBySide(new RgbImage(w, h, pixels), mask, mh, mw),
            mean / mask.length));
      }
    }
    return out;
  }
}
