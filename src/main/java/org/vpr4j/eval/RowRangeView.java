package org.vpr4j.eval;

import java.nio.FloatBuffer;

/** Consecutive rows of another store, read through to it. */
final class RowRangeView implements DescriptorStore {
  private final DescriptorStore base;
  private final int first;
  private final int count;

  RowRangeView(DescriptorStore base, int first, int count) {
    this.base = base;
    this.first = first;
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
    base.read(first + firstRow, rowCount, dst);
  }
}
