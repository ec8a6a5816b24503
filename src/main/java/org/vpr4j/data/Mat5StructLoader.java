package org.vpr4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/** Reads the struct variable of a MATLAB level-5 .mat file (v6/v7, compressed or not) with mfl-core. */
final class Mat5StructLoader {
  private Mat5StructLoader() {}

  static MatStruct load(Path file) throws IOException {
    try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
      List<String> variables = new ArrayList<>();
      for (MatFile.Entry entry : mat.getEntries()) {
        variables.add(entry.getName());
      }
      String variable = MatStruct.pickVariable(file, variables);
      Array value = mat.getArray(variable);
      if (!(value instanceof Struct struct)) {
        throw new VprException(file + ": variable '" + variable + "' must be a struct, but is " + value.getType());
      }
      if (struct.getNumElements() != 1) {
        throw new VprException(file + ": variable '" + variable + "' must be a single struct, but is a "
            + struct.getNumRows() + "x" + struct.getNumCols() + " struct array");
      }
      Map<String, MatField> fields = new LinkedHashMap<>();
      for (String name : struct.getFieldNames()) {
        fields.put(name, convert(struct.get(name)));
      }
      return new MatStruct(variable, fields, true);
    }
  }

  private static MatField convert(Array array) {
    if (array.getNumDimensions() != 2) {
      return new MatField.Unsupported(array.getType() + " with " + array.getNumDimensions() + " dimensions");
    }
    if (array instanceof Char chars) {
      return chars.getNumRows() <= 1
          ? new MatField.Text(chars.getString())
          : new MatField.Unsupported("char " + chars.getNumRows() + "x" + chars.getNumCols() + " (several rows)");
    }
    if (array instanceof Cell cell) {
      return textCell(cell);
    }
    if (array instanceof Matrix matrix) {
      return numbers(matrix);
    }
    return new MatField.Unsupported(String.valueOf(array.getType()));
  }

  private static MatField textCell(Cell cell) {
    List<String> values = new ArrayList<>(cell.getNumElements());
    for (int i = 0; i < cell.getNumElements(); i++) {
      Array element = cell.get(i);
      if (!(element instanceof Char chars) || chars.getNumRows() > 1) {
        return new MatField.Unsupported("cell whose element " + (i + 1) + " is " + element.getType() + " "
            + element.getNumRows() + "x" + element.getNumCols() + " instead of a char row");
      }
      values.add(chars.getString());
    }
    return new MatField.TextCell(cell.getNumRows(), cell.getNumCols(), values);
  }

  private static MatField numbers(Matrix matrix) {
    String matlabClass = String.valueOf(matrix.getType());
    if (matrix.isComplex() || matrix.isLogical()) {
      return new MatField.Unsupported((matrix.isComplex() ? "complex " : "logical ") + matlabClass);
    }
    double[] values = new double[matrix.getNumElements()];
    for (int i = 0; i < values.length; i++) {
      values[i] = matrix.getDouble(i);
    }
    return new MatField.Numbers(matlabClass, matrix.getNumRows(), matrix.getNumCols(), values);
  }
}
