package org.vpr4j.eval;

import java.nio.FloatBuffer;

/**
 * A read-only matrix of float32 descriptors, one row per image, that need not live in the Java
 * heap. Rows are read in blocks, so callers can stream through matrices larger than memory
 * (Pitts250k's database at 32,768 dimensions is 11 GB). Implementations are safe for concurrent
 * reads.
 */
public interface DescriptorStore {

  /** Number of descriptors (rows). */
  int rows();

  /** Length of each descriptor (columns). */
  int dim();

  /**
   * Copies rows {@code firstRow .. firstRow + rowCount - 1}, row-major, into {@code dst} at its
   * current position, advancing it by {@code rowCount * dim()} floats.
   *
   * @throws IndexOutOfBoundsException if the rows are outside the store
   * @throws java.nio.BufferOverflowException if {@code dst} has too little room
   */
  void read(int firstRow, int rowCount, FloatBuffer dst);

  /** Returns rows {@code firstRow .. firstRow + rowCount - 1} as a new row-major array. */
  default float[] read(int firstRow, int rowCount) {
    checkRows(this, firstRow, rowCount);
    float[] out = new float[Math.multiplyExact(rowCount, dim())];
    read(firstRow, rowCount, FloatBuffer.wrap(out));
    return out;
  }

  /** Returns one row as a new array. */
  default float[] row(int index) {
    return read(index, 1);
  }

  /**
   * A view of {@code count} consecutive rows starting at {@code first}, sharing this store's data
   * (for example the query part of a matrix that holds database descriptors, then queries).
   */
  default DescriptorStore rows(int first, int count) {
    checkRows(this, first, count);
    return new RowRangeView(this, first, count, count);
  }

  /**
   * At most {@code count} rows spread evenly over this store, sharing its data: a bounded sample
   * for learning from a store too large to pass over in full (the whole store when it is smaller).
   */
  default DescriptorStore evenlySpacedRows(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a sample needs at least one row, got " + count);
    }
    return count >= rows() ? this : new RowRangeView(this, 0, count, rows());
  }

  /**
   * The (row, column) of the first NaN or infinite value, or {@code null} when every value is finite.
   * Reads the store once, in blocks of about a million values.
   */
  default int[] firstNonFinite() {
    int block = Math.max(1, (1 << 20) / Math.max(1, dim()));
    for (int first = 0; first < rows(); first += block) {
      int count = Math.min(block, rows() - first);
      float[] values = read(first, count);
      for (int i = 0; i < values.length; i++) {
        if (!Float.isFinite(values[i])) {
          return new int[] {first + i / dim(), i % dim()};
        }
      }
    }
    return null;
  }

  /**
   * How many rows of {@code dim} floats a block of about {@code bytes} holds: at least one, at most
   * {@code maxRows}. Streaming a store in such blocks bounds the memory of a pass over it.
   */
  static int blockRows(int dim, long bytes, int maxRows) {
    return (int) Math.max(1, Math.min(maxRows, bytes / ((long) dim * Float.BYTES)));
  }

  /** Throws if {@code firstRow .. firstRow + rowCount - 1} is not a valid (possibly empty) range. */
  static void checkRows(DescriptorStore store, int firstRow, int rowCount) {
    if (firstRow < 0 || rowCount < 0 || firstRow > store.rows() - rowCount) {
      throw new IndexOutOfBoundsException(
          "rows " + firstRow + " + " + rowCount + " outside a store of " + store.rows() + " rows");
    }
  }
}
