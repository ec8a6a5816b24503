package org.vpr4j.train;

import java.nio.FloatBuffer;
import org.vpr4j.eval.DescriptorStore;

/** Random access to cached descriptors by row (database rows first, then queries). */
public interface RowSource {
  int dim();

  /** Copies row {@code i} into {@code dst} (length {@link #dim()}). */
  void row(int i, float[] dst);

  /** Rows of a descriptor store. */
  static RowSource of(DescriptorStore store) {
    return new RowSource() {
      @Override
      public int dim() {
        return store.dim();
      }

      @Override
      public void row(int i, float[] dst) {
        store.read(i, 1, FloatBuffer.wrap(dst));
      }
    };
  }
}
