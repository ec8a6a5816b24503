package org.vpr4j.data;

/**
 * Resizes like Pillow's {@code Image.resize(size, Image.BICUBIC)} (Pillow's default filter since 7.0,
 * which the reference code uses to bring every image to 640x480), to the grey level.
 *
 * <p>Pillow resamples separably, horizontal pass first, each pass rounded and clamped to 8 bits.
 * Each output sample is a weighted sum over the input samples whose centres lie within the kernel's
 * support of the output sample's centre; when shrinking, the kernel is stretched by the shrink
 * factor (antialiasing). Weights are normalised to sum 1, then turned into fixed-point integers with
 * 22 fractional bits, and sums start at one half so that the final shift rounds.
 */
public final class ImageResizer {
  /** Pillow's {@code PRECISION_BITS} for 8-bit images: 32 - 8 - 2. */
  private static final int PRECISION_BITS = 22;
  private static final double BICUBIC_SUPPORT = 2.0;
  private static final double A = -0.5;

  private ImageResizer() {}

  /** The image resized to {@code width} x {@code height}; the image itself when it has that size already. */
  public static RgbImage bicubic(RgbImage image, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
    }
    RgbImage out = image;
    if (width != out.width()) {
      out = horizontal(out, Weights.of(out.width(), width));
    }
    if (height != out.height()) {
      out = vertical(out, Weights.of(out.height(), height));
    }
    return out;
  }

  /** Pillow's bicubic kernel with a = -0.5. */
  static double cubic(double x) {
    x = Math.abs(x);
    if (x < 1) {
      return ((A + 2) * x - (A + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0;
  }

  /** For each output position: its first input index and the fixed-point weights of the inputs from there. */
  private record Weights(int[] first, int[][] fixed) {

    static Weights of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = BICUBIC_SUPPORT * filterScale;
      double inverseFilterScale = 1.0 / filterScale; // Pillow multiplies by this; dividing could round differently
      int[] first = new int[outSize];
      int[][] fixed = new int[outSize][];
      for (int o = 0; o < outSize; o++) {
        double center = (o + 0.5) * scale;
        // (int) truncates toward zero, as the C cast in Pillow does
        int min = Math.max((int) (center - support + 0.5), 0);
        int max = Math.min((int) (center + support + 0.5), inSize);
        int n = max - min;
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
          w[i] = cubic((i + min - center + 0.5) * inverseFilterScale);
          total += w[i];
        }
        fixed[o] = new int[n];
        for (int i = 0; i < n; i++) {
          double normalised = total != 0 ? w[i] / total : w[i];
          fixed[o][i] = toFixed(normalised);
        }
        first[o] = min;
      }
      return new Weights(first, fixed);
    }

    private static int toFixed(double weight) {
      double scaled = weight * (1 << PRECISION_BITS);
      return (int) (weight < 0 ? scaled - 0.5 : scaled + 0.5);
    }
  }

  private static RgbImage horizontal(RgbImage in, Weights weights) {
    int outWidth = weights.first().length;
    int height = in.height();
    byte[] src = in.pixels();
    byte[] dst = new byte[outWidth * height * 3];
    for (int y = 0; y < height; y++) {
      int rowStart = y * in.width() * 3;
      for (int x = 0; x < outWidth; x++) {
        int[] k = weights.fixed()[x];
        int base = rowStart + weights.first()[x] * 3;
        int o = (y * outWidth + x) * 3;
        for (int c = 0; c < 3; c++) {
          int sum = 1 << (PRECISION_BITS - 1);
          for (int i = 0; i < k.length; i++) {
            sum += (src[base + i * 3 + c] & 0xFF) * k[i];
          }
          dst[o + c] = clamp8(sum);
        }
      }
    }
    return new RgbImage(outWidth, height, dst);
  }

  private static RgbImage vertical(RgbImage in, Weights weights) {
    int outHeight = weights.first().length;
    int rowBytes = in.width() * 3;
    byte[] src = in.pixels();
    byte[] dst = new byte[rowBytes * outHeight];
    for (int y = 0; y < outHeight; y++) {
      int[] k = weights.fixed()[y];
      int base = weights.first()[y] * rowBytes;
      for (int b = 0; b < rowBytes; b++) {
        int sum = 1 << (PRECISION_BITS - 1);
        for (int i = 0; i < k.length; i++) {
          sum += (src[base + i * rowBytes + b] & 0xFF) * k[i];
        }
        dst[y * rowBytes + b] = clamp8(sum);
      }
    }
    return new RgbImage(in.width(), outHeight, dst);
  }

  private static byte clamp8(int sum) {
    int v = sum >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }
}
