package org.vpr4j.guidance;

/**
 * The de-attention targets of a list of images (a split's database images then its queries), one
 * feature-grid map per image, plus what clustering needs: the full-resolution keep value at pixel
 * (16y, 16x) of every grid location (docs/clustering.md).
 */
public final class MaskTargets {
  private final int count;
  private final int height;
  private final int width;
  private final float[] targets;
  private final float[] strideKeep;
  private final double secondsPerImage;
  private final double computeSeconds;

  /**
   * @param targets {@code count * height * width} target values (row-major per image)
   * @param strideKeep {@code count * height * width} keep values (0 or 1) sampled at stride 16
   * @param secondsPerImage the source's cost per image (segmenter forward or label read)
   * @param computeSeconds how long computing all of them took
   */
  public MaskTargets(int count, int height, int width, float[] targets, float[] strideKeep, double secondsPerImage,
      double computeSeconds) {
    long size = (long) count * height * width;
    if (targets.length != size || strideKeep.length != size) {
      throw new IllegalArgumentException(targets.length + " targets and " + strideKeep.length + " keep values for "
          + count + " maps of " + height + "x" + width);
    }
    this.count = count;
    this.height = height;
    this.width = width;
    this.targets = targets;
    this.strideKeep = strideKeep;
    this.secondsPerImage = secondsPerImage;
    this.computeSeconds = computeSeconds;
  }

  public int count() {
    return count;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public double secondsPerImage() {
    return secondsPerImage;
  }

  public double computeSeconds() {
    return computeSeconds;
  }

  /** The targets of the images at {@code rows}, in that order: {@code rows.length * height * width} values. */
  public float[] gather(int[] rows) {
    int plane = height * width;
    float[] out = new float[rows.length * plane];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] < 0 || rows[i] >= count) {
        throw new IndexOutOfBoundsException("image " + rows[i] + " of " + count);
      }
      System.arraycopy(targets, rows[i] * plane, out, i * plane, plane);
    }
    return out;
  }

  /** The target map of image {@code row}. */
  public float[] target(int row) {
    return gather(new int[] {row});
  }

  /** The keep values at stride 16 of image {@code row} (1 = static scene). */
  public float[] strideKeep(int row) {
    int plane = height * width;
    float[] out = new float[plane];
    System.arraycopy(strideKeep, row * plane, out, 0, plane);
    return out;
  }

  float[] allTargets() {
    return targets;
  }

  float[] allStrideKeep() {
    return strideKeep;
  }
}
