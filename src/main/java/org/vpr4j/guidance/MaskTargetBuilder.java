package org.vpr4j.guidance;

import java.nio.file.Path;
import java.util.List;
import org.vpr4j.util.Progress;

/**
 * Computes mask targets (docs/guidance.md) for a list of images in chunks, so that only one chunk of
 * full-resolution masks is in memory at a time: train ids from the source, the binary keep-mask
 * of the distractors, reduced to the feature grid; and the keep value at pixel (16y, 16x).
 */
public final class MaskTargetBuilder {
  static final int CHUNK = 32;

  private MaskTargetBuilder() {}

  public static MaskTargets compute(TrainIdSource source, List<Path> images, TargetSpec spec) {
    long start = System.nanoTime();
    int w = spec.inputWidth();
    int h = spec.inputHeight();
    int gh = spec.gridHeight();
    int gw = spec.gridWidth();
    int plane = gh * gw;
    float[] targets = new float[images.size() * plane];
    float[] strideKeep = new float[images.size() * plane];
    try (Progress progress = Progress.start("mask targets (" + source.name() + ")", images.size(), "img")) {
      for (int from = 0; from < images.size(); from += CHUNK) {
        List<Path> chunk = images.subList(from, Math.min(images.size(), from + CHUNK));
        int n = chunk.size();
        float[] keep = spec.distractors().keepMask(source.trainIds(chunk, w, h));
        float[] reduced = spec.grid().apply(keep, n, h, w, gh, gw);
        System.arraycopy(reduced, 0, targets, from * plane, n * plane);
        float[] sampled = atStride(keep, n, h, w, gh, gw);
        System.arraycopy(sampled, 0, strideKeep, from * plane, n * plane);
        progress.step(n);
      }
    }
    return new MaskTargets(images.size(), gh, gw, targets, strideKeep, source.secondsPerImage(),
        (System.nanoTime() - start) / 1e9);
  }

  /** The keep value at pixel (16y, 16x) of each grid location, as the reference's clustering reads it. */
  static float[] atStride(float[] keep, int n, int h, int w, int gh, int gw) {
    float[] out = new float[n * gh * gw];
    int o = 0;
    for (int m = 0; m < n; m++) {
      for (int y = 0; y < gh; y++) {
        for (int x = 0; x < gw; x++) {
          out[o++] = keep[m * h * w + y * TargetSpec.STRIDE * w + x * TargetSpec.STRIDE];
        }
      }
    }
    return out;
  }
}
