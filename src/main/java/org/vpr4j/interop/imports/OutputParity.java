package org.vpr4j.interop.imports;

import org.vpr4j.VprException;

/**
 * How closely two engines agree on one output for the same images. The tolerance scales with
 * the output's magnitude: {@code relativeTolerance * max(1, max |reference|)}, i.e. absolute for
 * L2-normalised descriptors and sigmoid masks, relative for unbounded encoder features and
 * segmentation logits, where float32 rounding grows with the values.
 *
 * @param output the output's name, e.g. {@code descriptor}
 * @param engines what was compared, e.g. {@code onnxruntime vs tensorflow}
 * @param images how many images
 * @param maxAbsDiff the largest element-wise difference (NaN if either side has a NaN)
 * @param scale {@code max(1, max |reference|)}
 * @param tolerance the largest difference that passes
 */
public record OutputParity(String output, String engines, int images, double maxAbsDiff, double scale,
    double tolerance) {

  /** Whether the outputs agree within the tolerance; a NaN anywhere fails. */
  public boolean passed() {
    return maxAbsDiff <= tolerance;
  }

  /**
   * Compares two outputs of the same layout element by element.
   *
   * @throws VprException if their sizes differ (the models disagree on the output's shape)
   */
  public static OutputParity compare(String output, String engines, int images, float[] reference, float[] candidate,
      double relativeTolerance) {
    if (reference.length != candidate.length) {
      throw new VprException("parity check (" + engines + "): output '" + output + "' has " + reference.length
          + " values on one side and " + candidate.length + " on the other; the models differ in shape");
    }
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < reference.length; i++) {
      double diff = Math.abs((double) reference[i] - candidate[i]);
      if (Double.isNaN(diff)) {
        maxDiff = Double.NaN;
        break;
      }
      maxDiff = Math.max(maxDiff, diff);
      maxRef = Math.max(maxRef, Math.abs(reference[i]));
    }
    double scale = Math.max(1.0, maxRef);
    return new OutputParity(output, engines, images, maxDiff, scale, relativeTolerance * scale);
  }

  /** Reorders a [n, c, h, w] array (ONNX's layout) to [n, h, w, c] (TensorFlow's). */
  public static float[] nchwToNhwc(float[] x, int n, int c, int h, int w) {
    if ((long) n * c * h * w != x.length) {
      throw new IllegalArgumentException(x.length + " values are not [" + n + ", " + c + ", " + h + ", " + w + "]");
    }
    float[] out = new float[x.length];
    int plane = h * w;
    for (int b = 0; b < n; b++) {
      int base = b * c * plane;
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < plane; p++) {
          out[base + p * c + ch] = x[base + ch * plane + p];
        }
      }
    }
    return out;
  }
}
