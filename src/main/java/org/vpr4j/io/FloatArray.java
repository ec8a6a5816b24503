package org.vpr4j.io;

import java.util.Arrays;

/** A dense float32 array with its shape (row-major), e.g. one parameter's value. */
public record FloatArray(long[] shape, float[] data) {
  public FloatArray {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " values, not " + data.length);
    }
  }

  public String shapeString() {
    return Arrays.toString(shape);
  }

  public boolean sameShape(long[] other) {
    return Arrays.equals(shape, other);
  }

  /** The position of flat element {@code index} as {@code [i, j, ...]}, e.g. {@code [63, 2, 0, 1]}. */
  public String position(int index) {
    long[] at = new long[shape.length];
    long rest = index;
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = shape[d] == 0 ? 0 : rest % shape[d];
      rest = shape[d] == 0 ? rest : rest / shape[d];
    }
    return Arrays.toString(at);
  }

  /** Index of the first NaN or infinite value, or -1. */
  public int firstNonFinite() {
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        return i;
      }
    }
    return -1;
  }
}
