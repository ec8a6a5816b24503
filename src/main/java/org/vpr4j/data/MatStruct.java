package org.vpr4j.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;

/**
 * The top-level struct variable of a .mat file, format-neutral.
 *
 * @param variable the variable's name in the file (normally {@code dbStruct})
 * @param fields the fields by name; iteration follows the file's field order when {@code ordered}
 * @param ordered whether the file recorded the field order, so that fields can be found by position
 */
record MatStruct(String variable, Map<String, MatField> fields, boolean ordered) {

  static final String DB_STRUCT = "dbStruct";

  /**
   * Chooses the variable that holds the dataset: {@code dbStruct}, or else the file's only variable
   * (files re-saved under another name still read).
   */
  static String pickVariable(Path file, List<String> variables) {
    if (variables.contains(DB_STRUCT)) {
      return DB_STRUCT;
    }
    if (variables.size() == 1) {
      return variables.get(0);
    }
    if (variables.isEmpty()) {
      throw new VprException(file + ": holds no variables at all; it is empty or truncated");
    }
    throw new VprException(file + ": no variable '" + DB_STRUCT + "' (variables in the file: "
        + String.join(", ", variables) + ")");
  }
}
