package org.vpr4j.spark;

import org.vpr4j.VprException;

/** Reading the descriptors of an extract's rows into float matrices. */
final class Descriptors {
  private Descriptors() {}

  /**
   * Copies the descriptor of {@code row} into row {@code at} of {@code dst}.
   *
   * @throws VprException if its dimension is not {@code dim}, naming the image
   */
  static void copy(DescriptorRow row, float[] dst, int at, int dim, String what) {
    float[] d = row.getVector();
    if (d.length != dim) {
      throw new VprException(what + " " + row.getPath() + " has a " + d.length + "-D descriptor, but the queries' are "
          + dim + "-D: mixed descriptor dimensions");
    }
    System.arraycopy(d, 0, dst, at * dim, dim);
  }
}
