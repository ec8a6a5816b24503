package org.vpr4j.guidance;

import java.nio.file.Path;
import java.util.List;

/**
 * De-attention clustering (docs/clustering.md): a grid location may give a k-means sample only when the
 * full-resolution keep-mask at pixel (16y, 16x) is at least 0.5, i.e. the pixel there is not a
 * distractor.
 */
public final class StaticSceneLocations implements LocationFilter {
  private final TrainIdSource source;
  private final Distractors distractors;
  private final int inputWidth;
  private final int inputHeight;

  /** Train ids from {@code source} for images at the network's input size. */
  public StaticSceneLocations(TrainIdSource source, Distractors distractors, int inputWidth, int inputHeight) {
    this.source = source;
    this.distractors = distractors;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
  }

  @Override
  public boolean[] allowed(List<Path> images, int gridHeight, int gridWidth) {
    float[] keep = distractors.keepMask(source.trainIds(images, inputWidth, inputHeight));
    float[] sampled = MaskTargetBuilder.atStride(keep, images.size(), inputHeight, inputWidth, gridHeight, gridWidth);
    boolean[] out = new boolean[sampled.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sampled[i] >= 0.5f;
    }
    return out;
  }
}
