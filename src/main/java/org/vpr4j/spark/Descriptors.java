package org.vpr4j.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import org.vpr4j.VprException;

/** Reading the {@code descriptor} column of an extract's rows into float matrices. */
final class Descriptors {
  private Descriptors() {}

  /**
   * Copies the descriptor at {@code column} of {@code row} into row {@code at} of {@code dst}.
   *
   * @throws VprException if its dimension is not {@code dim}, naming the image
   */
  static void copy(Row row, int column, float[] dst, int at, int dim, String what) {
    List<Float> d = row.getList(column);
    if (d.size() != dim) {
      throw new VprException(what + " " + row.getString(row.fieldIndex(DescriptorParquet.PATH)) + " has a "
          + d.size() + "-D descriptor, but the queries' are " + dim + "-D: mixed descriptor dimensions");
    }
    for (int j = 0; j < dim; j++) {
      dst[at * dim + j] = d.get(j);
    }
  }
}
