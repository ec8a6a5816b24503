package org.vpr4j.train;

/** Random access to cached descriptors by row (database rows first, then queries). */
public interface RowSource {
  int dim();

  /** Copies row {@code i} into {@code dst} (length {@link #dim()}). */
  void row(int i, float[] dst);
}
