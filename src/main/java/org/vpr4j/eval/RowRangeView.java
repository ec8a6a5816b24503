package org.vpr4j.eval;

import java.nio.FloatBuffer;

/**
 * {@code count} rows of another store taken from a range of {@code span} rows starting at
 * {@code first}, read through to it: the whole range when {@code span == count}, else rows
 * spread evenly over it (row {@code first + floor(i * span / count)}), a bounded sample that
 * covers a store kept in some order (a city street by street).
 */
final class RowRangeView implements DescriptorStore {
  private final DescriptorStore base;
  private final int first;
  private final int count;
  private final int span;

  RowRangeView(DescriptorStore base, int first, int count, int span) {
    this.base = base;
    this.first = first;
    this.count = count;
    this.span = span;
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
    if (span == count) {
      base.read(first + firstRow, rowCount, dst);
      return;
    }
    for (int i = firstRow; i < firstRow + rowCount; i++) {
      base.read(first + (int) ((long) i * span / count), 1, dst);
    }
  }
}
