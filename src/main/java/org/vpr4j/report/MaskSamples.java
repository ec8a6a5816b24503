package org.vpr4j.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.data.RgbImage;
import org.vpr4j.guidance.MaskTargets;
import org.vpr4j.model.InferenceModel;

/**
 * Runs a model's de-attention mask head on a few images and draws each mask over its image,
 * beside the semantic-guidance target when one is given (see {@link MaskOverlay}). Models
 * without a de-attention module give no samples.
 */
public final class MaskSamples {
  /**
   * One image with its masks drawn beside it.
   *
   * @param meanTarget the mean of the target mask, or null when the sample has no target
   */
  public record Sample(Path image, RgbImage overlay, double meanKeep, Double meanTarget) {}

  private MaskSamples() {}

  /**
   * Overlays for {@code images}, or an empty list when the model has no mask.
   *
   * @param targets the targets of the same images on the model's feature grid, or null
   */
  public static List<Sample> compute(InferenceModel model, List<Path> images, MaskTargets targets) {
    if (images.isEmpty()) {
      return List.of();
    }
    int w = model.config().inputWidth();
    int h = model.config().inputHeight();
    int mh = model.config().featureHeight();
    int mw = model.config().featureWidth();
    if (targets != null && (targets.count() != images.size() || targets.height() != mh || targets.width() != mw)) {
      throw new IllegalStateException(targets.count() + " targets on a " + targets.height() + "x" + targets.width()
          + " grid for " + images.size() + " images of a " + mh + "x" + mw + " feature grid");
    }
    byte[] pixels = ImageBatches.loadAll(images, w, h);
    float[] masks = model.mask(pixels, images.size());
    if (masks == null) {
      return List.of();
    }
    if (masks.length != images.size() * mh * mw) {
      throw new IllegalStateException(masks.length + " mask values for " + images.size() + " images of a " + mh
          + "x" + mw + " feature grid");
    }
    List<Sample> out = new ArrayList<>();
    int frame = w * h * 3;
    for (int i = 0; i < images.size(); i++) {
      RgbImage image = new RgbImage(w, h, Arrays.copyOfRange(pixels, i * frame, (i + 1) * frame));
      float[] mask = Arrays.copyOfRange(masks, i * mh * mw, (i + 1) * mh * mw);
      if (targets == null) {
        out.add(new Sample(images.get(i), MaskOverlay.panels(image, mh, mw, mask), mean(mask), null));
      } else {
        float[] target = targets.target(i);
        out.add(new Sample(images.get(i), MaskOverlay.panels(image, mh, mw, mask, target), mean(mask),
            mean(target)));
      }
    }
    return out;
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
