package org.vpr4j.eval;

import java.nio.FloatBuffer;

/**
 * {@code count} rows of another store spread evenly over it (row {@code floor(i * rows / count)}),
 * read through to it: a bounded sample that covers the whole store, which is often stored in
 * some order (a city street by street).
 */
final class EvenlySpacedRows implements DescriptorStore {
  private final DescriptorStore base;
  private final int count;

  EvenlySpacedRows(DescriptorStore base, int count) {
    this.base = base;
    this.count = count;
  }

  @Override
  public int rows() {
    return count;
  }

  @Override
  public int dim() {
    return base.dim();
  }

  @Override
  public void read(int firstRow, int rowCount, FloatBuffer dst) {
    DescriptorStore.checkRows(this, firstRow, rowCount);
    for (int i = firstRow; i < firstRow + rowCount; i++) {
      base.read((int) ((long) i * base.rows() / count), 1, dst);
    }
  }
}
