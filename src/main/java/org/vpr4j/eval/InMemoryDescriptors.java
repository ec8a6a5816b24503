package org.vpr4j.eval;

import java.nio.FloatBuffer;

/**
 * Descriptors held in one row-major {@code float[]} on the Java heap. Limited to 2^31 - 1 floats
 * (8 GB); larger matrices belong in a {@link MappedDescriptors} file.
 */
public final class InMemoryDescriptors implements DescriptorStore {
  private final int rows;
  private final int dim;
  private final float[] data;

  /**
   * Wraps (does not copy) a row-major array of {@code rows x dim} floats.
   *
   * @throws IllegalArgumentException if the array length is not {@code rows * dim}
   */
  public InMemoryDescriptors(int rows, int dim, float[] data) {
    if (rows < 0 || dim <= 0) {
      throw new IllegalArgumentException("bad descriptor matrix shape " + rows + " x " + dim);
    }
    if ((long) rows * dim != data.length) {
      throw new IllegalArgumentException(
          "a " + rows + " x " + dim + " matrix needs " + (long) rows * dim + " floats, got " + data.length);
    }
    this.rows = rows;
    this.dim = dim;
    this.data = data;
  }

  /**
   * Copies a rectangular {@code float[rows][dim]} array.
   *
   * @throws IllegalArgumentException if it is empty or ragged
   */
  public static InMemoryDescriptors fromRows(float[][] matrix) {
    if (matrix.length == 0 || matrix[0].length == 0) {
      throw new IllegalArgumentException("cannot infer the dimension of an empty descriptor matrix");
    }
    int dim = matrix[0].length;
    float[] flat = new float[Math.multiplyExact(matrix.length, dim)];
    for (int r = 0; r < matrix.length; r++) {
      if (matrix[r].length != dim) {
        throw new IllegalArgumentException(
            "descriptor row " + r + " has " + matrix[r].length + " values, row 0 has " + dim);
      }
      System.arraycopy(matrix[r], 0, flat, r * dim, dim);
    }
    return new InMemoryDescriptors(matrix.length, dim, flat);
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public void read(int firstRow, int rowCount, FloatBuffer dst) {
    DescriptorStore.checkRows(this, firstRow, rowCount);
    dst.put(data, firstRow * dim, rowCount * dim);
  }
}
