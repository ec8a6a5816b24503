package org.vpr4j.onnx;

import java.util.Arrays;

/**
 * A dense float32 tensor as plain Java data: its shape and its elements in row-major order
 * (the last dimension varies fastest). Carries weights read from ONNX files and the inputs and
 * outputs of {@link OnnxRuntimeModel}.
 *
 * <p>The arrays are shared, not copied, because weight tensors can hold millions of elements;
 * callers that keep a tensor must not modify the arrays afterwards.
 *
 * @param dims the shape; empty for a scalar
 * @param values the elements, exactly as many as the product of {@code dims}
 */
public record FloatTensorData(long[] dims, float[] values) {

  public FloatTensorData {
    if (dims == null || values == null) {
      throw new IllegalArgumentException("dims and values must not be null");
    }
    long count = elementCount(dims);
    if (count != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(dims) + " holds " + count + " elements, but " + values.length + " values were given");
    }
  }

  /** The number of elements a tensor of this shape holds; rejects negative dimensions. */
  public static long elementCount(long[] dims) {
    long count = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
      }
      count = Math.multiplyExact(count, d);
    }
    return count;
  }

  /** The rank, i.e. the number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** The shape as a readable string, e.g. {@code [64, 3, 3, 3]}. */
  public String shapeString() {
    return Arrays.toString(dims);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FloatTensorData t && Arrays.equals(dims, t.dims) && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(dims) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FloatTensorData" + shapeString();
  }
}
