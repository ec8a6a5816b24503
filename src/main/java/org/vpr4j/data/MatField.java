package org.vpr4j.data;

import java.util.List;

/**
 * One field of a MATLAB struct, reduced to the few kinds a {@code dbStruct} uses. Both file
 * formats (MAT-5 and v7.3/HDF5) are translated into this, so that validation is written once.
 */
sealed interface MatField {

  /** What the field is, for error messages, e.g. {@code "cell 3x1"} or {@code "double 2x5"}. */
  String describe();

  /** A char array with at most one row. */
  record Text(String value) implements MatField {
    @Override
    public String describe() {
      return "char 1x" + value.length();
    }
  }

  /** A cell array whose elements are all single-row char arrays; {@code values} in MATLAB's column-major order. */
  record TextCell(int rows, int cols, List<String> values) implements MatField {
    @Override
    public String describe() {
      return "cell " + rows + "x" + cols;
    }

    boolean isVector() {
      return rows <= 1 || cols <= 1;
    }
  }

  /** A real numeric matrix of any MATLAB class, converted to double, column-major. */
  record Numbers(String matlabClass, int rows, int cols, double[] columnMajor) implements MatField {
    @Override
    public String describe() {
      return matlabClass + " " + rows + "x" + cols;
    }

    double at(int row, int col) {
      return columnMajor[col * rows + row];
    }

    boolean isVector() {
      return rows <= 1 || cols <= 1;
    }
  }

  /** Anything a dbStruct never holds (struct, sparse, complex, a cell of numbers, ...). */
  record Unsupported(String describe) implements MatField {}
}
