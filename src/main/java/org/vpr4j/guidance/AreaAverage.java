package org.vpr4j.guidance;

/**
 * Area averaging onto a coarser grid, as PyTorch's {@code F.adaptive_avg_pool2d}: output cell
 * (y, x) is the mean over rows {@code floor(y*inH/outH)} to {@code ceil((y+1)*inH/outH)} and the
 * matching columns. Unlike bicubic it never leaves [0, 1] on a binary mask; the result is clamped
 * to [0, 1] as well so that rounding cannot push it out.
 */
public final class AreaAverage {
  private AreaAverage() {}

  /** Averages {@code n} maps of {@code inH x inW} onto {@code outH x outW}, clamped to [0, 1]. */
  public static float[] resize(float[] in, int n, int inH, int inW, int outH, int outW) {
    if (in.length != (long) n * inH * inW || outH < 1 || outW < 1 || outH > inH || outW > inW) {
      throw new IllegalArgumentException(in.length + " values for " + n + " maps of " + inH + "x" + inW
          + " averaged onto " + outH + "x" + outW);
    }
    float[] out = new float[n * outH * outW];
    int o = 0;
    for (int m = 0; m < n; m++) {
      int base = m * inH * inW;
      for (int y = 0; y < outH; y++) {
        int y0 = y * inH / outH;
        int y1 = ((y + 1) * inH + outH - 1) / outH;
        for (int x = 0; x < outW; x++) {
          int x0 = x * inW / outW;
          int x1 = ((x + 1) * inW + outW - 1) / outW;
          double sum = 0;
          for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) {
              sum += in[base + yy * inW + xx];
            }
          }
          float mean = (float) sum / ((y1 - y0) * (x1 - x0));
          out[o++] = Math.max(0f, Math.min(1f, mean));
        }
      }
    }
    return out;
  }
}
