package org.vpr4j.guidance;

/**
 * PyTorch's {@code F.interpolate(x, size, mode="bicubic", align_corners=True)} on single-channel
 * float maps: the cubic convolution kernel with A = -0.75, source positions
 * {@code i * (in - 1) / (out - 1)}, the four taps clamped to the border, the width interpolated
 * first and then the height, summed in float32. No clamp of the result: a binary mask overshoots at
 * its edges (to about [-0.34, 1.29]), exactly as the reference's targets do (docs/guidance.md, docs/quirks.md item 9).
 *
 * <p>Probing torch 1.13's weights with unit inputs showed that it takes the float32 scale times
 * the index in higher precision (the last output of 47 -> 6 lands at 45.999999, not 46) and
 * rounds the weights once; doing the same here matches torch to about 2e-7 per weight (its
 * compiled kernel fuses multiply-adds, so bit equality is not attainable).
 */
public final class BicubicAlignCorners {
  static final double A = -0.75;

  private BicubicAlignCorners() {}

  /**
   * Resizes {@code n} maps of {@code inH x inW} (row-major, one after the other) to
   * {@code outH x outW}.
   */
  public static float[] resize(float[] in, int n, int inH, int inW, int outH, int outW) {
    if (in.length != (long) n * inH * inW || outH < 1 || outW < 1) {
      throw new IllegalArgumentException(in.length + " values for " + n + " maps of " + inH + "x" + inW
          + " (output " + outH + "x" + outW + ")");
    }
    Taps rows = Taps.of(inH, outH);
    Taps cols = Taps.of(inW, outW);
    float[] out = new float[n * outH * outW];
    int o = 0;
    for (int m = 0; m < n; m++) {
      int base = m * inH * inW;
      for (int y = 0; y < outH; y++) {
        for (int x = 0; x < outW; x++) {
          float sum = 0f;
          for (int j = 0; j < 4; j++) {
            int row = base + rows.index[y * 4 + j] * inW;
            float inner = 0f;
            for (int k = 0; k < 4; k++) {
              inner += in[row + cols.index[x * 4 + k]] * cols.weight[x * 4 + k];
            }
            sum += inner * rows.weight[y * 4 + j];
          }
          out[o++] = sum;
        }
      }
    }
    return out;
  }

  /** For every output position along one axis, its four clamped source indices and weights. */
  private record Taps(int[] index, float[] weight) {
    static Taps of(int in, int out) {
      float scale = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
      int[] index = new int[out * 4];
      float[] weight = new float[out * 4];
      for (int i = 0; i < out; i++) {
        double real = (double) scale * i;
        int first = (int) Math.floor(real);
        double t = real - first;
        weight[i * 4] = (float) far(t + 1);
        weight[i * 4 + 1] = (float) near(t);
        weight[i * 4 + 2] = (float) near(1 - t);
        weight[i * 4 + 3] = (float) far(2 - t);
        for (int j = 0; j < 4; j++) {
          index[i * 4 + j] = Math.max(0, Math.min(first - 1 + j, in - 1));
        }
      }
      return new Taps(index, weight);
    }

    /** Kernel weight for a tap at distance x in [0, 1]. */
    private static double near(double x) {
      return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** Kernel weight for a tap at distance x in [1, 2]. */
    private static double far(double x) {
      return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }
  }
}
