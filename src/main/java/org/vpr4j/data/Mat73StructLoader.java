package org.vpr4j.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vpr4j.VprException;

/**
 * Reads the struct variable of a MATLAB v7.3 .mat file, which is HDF5 behind a 512-byte header.
 * MATLAB's conventions there: every variable carries a {@code MATLAB_class} attribute; arrays are
 * stored with their dimensions reversed (so the flat data is already column-major); char is uint16;
 * a cell is an array of object references into the {@code #refs#} group; a struct is a group whose
 * {@code MATLAB_fields} attribute records the field order; empty arrays carry {@code MATLAB_empty}.
 */
final class Mat73StructLoader {
  private static final Set<String> NUMERIC_CLASSES = Set.of(
      "double", "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64");

  private Mat73StructLoader() {}

  static MatStruct load(Path file) {
    try (HdfFile hdf = new HdfFile(file)) {
      List<String> variables = new ArrayList<>();
      for (String name : hdf.getChildren().keySet()) {
        if (!name.startsWith("#")) { // #refs# and #subsystem# hold MATLAB's internals, not variables
          variables.add(name);
        }
      }
      String variable = MatStruct.pickVariable(file, variables);
      Node node = hdf.getChild(variable);
      if (!(node instanceof Group group) || !"struct".equals(matlabClass(node))) {
        throw new VprException(file + ": variable '" + variable + "' must be a struct, but is "
            + (node.isGroup() ? "a group of class " + matlabClass(node) : describeDataset(node)));
      }
      List<String> order = fieldOrder(group);
      boolean ordered = order != null;
      Map<String, MatField> fields = new LinkedHashMap<>();
      for (String name : ordered ? order : new ArrayList<>(group.getChildren().keySet())) {
        Node child = group.getChild(name);
        if (child == null) {
          throw new VprException(file + ": struct '" + variable + "' lists field '" + name + "' but does not hold it");
        }
        fields.put(name, convert(hdf, child));
      }
      return new MatStruct(variable, fields, ordered);
    }
  }

  /** The field names in order, or null when the file did not record them. */
  private static List<String> fieldOrder(Group struct) {
    Attribute attribute = struct.getAttribute("MATLAB_fields");
    if (attribute == null || !(attribute.getData() instanceof Object[] names)) {
      return null;
    }
    List<String> order = new ArrayList<>();
    for (Object name : names) {
      if (!(name instanceof String[] chars)) {
        return null;
      }
      order.add(String.join("", chars));
    }
    return order;
  }

  private static MatField convert(HdfFile hdf, Node node) {
    String cls = matlabClass(node);
    if (!(node instanceof Dataset dataset)) {
      return new MatField.Unsupported(cls == null ? "group" : cls);
    }
    int[] dims = dataset.getDimensions();
    if (cls == null || dims.length != 2) {
      return new MatField.Unsupported(describeDataset(node));
    }
    boolean empty = isEmptyMarker(dataset);
    // MATLAB writes a rows x cols array as HDF5 dimensions [cols, rows].
    int rows = empty ? 0 : dims[1];
    int cols = empty ? 0 : dims[0];
    if ("char".equals(cls)) {
      if (rows > 1) {
        return new MatField.Unsupported("char " + rows + "x" + cols + " (several rows)");
      }
      return new MatField.Text(empty ? "" : charsOf(dataset));
    }
    if ("cell".equals(cls)) {
      return empty ? new MatField.TextCell(0, 0, List.of()) : textCell(hdf, dataset, rows, cols);
    }
    if (NUMERIC_CLASSES.contains(cls)) {
      return new MatField.Numbers(cls, rows, cols, empty ? new double[0] : doublesOf(dataset.getDataFlat()));
    }
    return new MatField.Unsupported(cls);
  }

  private static MatField textCell(HdfFile hdf, Dataset cell, int rows, int cols) {
    if (!(cell.getDataFlat() instanceof long[] references)) {
      return new MatField.Unsupported("cell without object references");
    }
    List<String> values = new ArrayList<>(references.length);
    for (int i = 0; i < references.length; i++) {
      Node element = hdf.getNodeByAddress(references[i]);
      boolean charRow = element instanceof Dataset ds && "char".equals(matlabClass(ds))
          && (isEmptyMarker(ds) || ds.getDimensions().length == 2 && ds.getDimensions()[1] <= 1);
      if (!charRow) {
        return new MatField.Unsupported("cell whose element " + (i + 1) + " is " + describeDataset(element)
            + " instead of a char row");
      }
      Dataset ds = (Dataset) element;
      values.add(isEmptyMarker(ds) ? "" : charsOf(ds));
    }
    return new MatField.TextCell(rows, cols, values);
  }

  private static String charsOf(Dataset dataset) {
    double[] codes = doublesOf(dataset.getDataFlat());
    StringBuilder text = new StringBuilder(codes.length);
    for (double code : codes) {
      text.append((char) code);
    }
    return text.toString();
  }

  private static double[] doublesOf(Object flat) {
    int n = Array.getLength(flat);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = ((Number) Array.get(flat, i)).doubleValue();
    }
    return values;
  }

  private static boolean isEmptyMarker(Dataset dataset) {
    Attribute empty = dataset.getAttribute("MATLAB_empty");
    if (empty == null) {
      return false;
    }
    Object data = empty.getData();
    return !(data instanceof Number n) || n.longValue() != 0;
  }

  private static String matlabClass(Node node) {
    Attribute cls = node.getAttribute("MATLAB_class");
    return cls == null ? null : String.valueOf(cls.getData());
  }

  private static String describeDataset(Node node) {
    if (!(node instanceof Dataset dataset)) {
      return "a group";
    }
    String cls = matlabClass(node);
    int[] dims = dataset.getDimensions();
    StringBuilder shape = new StringBuilder();
    for (int i = dims.length - 1; i >= 0; i--) {
      shape.append(dims[i]).append(i > 0 ? "x" : "");
    }
    return (cls == null ? "an HDF5 dataset without MATLAB_class" : cls) + " " + shape;
  }
}
