package org.vpr4j.guidance;

/**
 * What a set of mask targets is made for: the distractor categories, the reduction to the feature
 * grid and the network's input size (the grid is input / 16, as VGG16's four pools give).
 */
public record TargetSpec(Distractors distractors, GridReduction grid, int inputWidth, int inputHeight) {
  /** Pixels per feature-grid cell along each axis (VGG16's four 2x2 pools; the reference hard-codes it, docs/quirks.md item 9). */
  public static final int STRIDE = 16;

  public TargetSpec {
    if (inputWidth < STRIDE || inputHeight < STRIDE) {
      throw new IllegalArgumentException("input " + inputWidth + "x" + inputHeight + " is smaller than one cell");
    }
  }

  public int gridHeight() {
    return inputHeight / STRIDE;
  }

  public int gridWidth() {
    return inputWidth / STRIDE;
  }

  /** The part of a cache file name that changes whenever the targets would. */
  public String key() {
    return distractors.key() + "-" + grid.id() + "-" + inputWidth + "x" + inputHeight;
  }
}
