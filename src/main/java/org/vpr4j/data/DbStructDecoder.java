package org.vpr4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;

/**
 * Turns the raw struct of a .mat file into a validated {@link DbStruct}. Fields are found by their
 * NetVLAD name; when a name is absent and the file has exactly the expected number of fields, the
 * field at the expected position is used instead, because the PyTorch loaders read by position and
 * files saved from Python may carry other names. Every problem names the file and the field.
 */
final class DbStructDecoder {
  private static final Logger LOG = LogManager.getLogger(DbStructDecoder.class);

  /** Field order of Relja Arandjelović's dbBase.m, as the published files hold it. */
  static final List<String> NETVLAD_FIELDS = List.of("whichSet", "dbImageFns", "utmDb", "qImageFns", "utmQ",
      "numImages", "numQueries", "posDistThr", "posDistSqThr", "nonTrivPosDistSqThr");

  /** TokyoTM adds the capture dates after each UTM array. */
  static final List<String> TOKYO_TM_FIELDS = List.of("whichSet", "dbImageFns", "utmDb", "dateDb", "qImageFns",
      "utmQ", "dateQ", "numImages", "numQueries", "posDistThr", "posDistSqThr", "nonTrivPosDistSqThr");

  private final Path file;
  private final MatStruct struct;
  private final List<String> layout;
  private final List<String> fileOrder;

  private DbStructDecoder(Path file, MatStruct struct) {
    this.file = file;
    this.struct = struct;
    this.fileOrder = new ArrayList<>(struct.fields().keySet());
    boolean hasDates = fileOrder.contains("dateDb") || fileOrder.contains("dateQ")
        || fileOrder.size() == TOKYO_TM_FIELDS.size();
    this.layout = hasDates ? TOKYO_TM_FIELDS : NETVLAD_FIELDS;
  }

  static DbStruct decode(Path file, MatStruct struct) {
    return new DbStructDecoder(file, struct).decode();
  }

  private DbStruct decode() {
    String whichSet = text("whichSet");
    List<String> dbNames = names("dbImageFns");
    List<String> qNames = names("qImageFns");
    Positions utm = positions(dbNames.size(), qNames.size());
    requireCount("numImages", dbNames.size(), "dbImageFns");
    requireCount("numQueries", qNames.size(), "qImageFns");
    double posDistThr = positive("posDistThr");
    double posDistSqThr = positive("posDistSqThr");
    double nonTrivPosDistSqThr = positive("nonTrivPosDistSqThr");
    double[] dateDb = null;
    double[] dateQ = null;
    if (layout == TOKYO_TM_FIELDS) {
      dateDb = vector("dateDb", dbNames.size(), "dbImageFns");
      dateQ = vector("dateQ", qNames.size(), "qImageFns");
    }
    return new DbStruct(whichSet, dbNames, utm.db(), qNames, utm.q(), posDistThr, posDistSqThr, nonTrivPosDistSqThr,
        dateDb, dateQ);
  }

  private MatField field(String name) {
    MatField byName = struct.fields().get(name);
    if (byName != null) {
      return byName;
    }
    if (readsByPosition()) {
      String actual = fileOrder.get(layout.indexOf(name));
      LOG.debug("{}: no field '{}', using '{}' at the same position", file, name, actual);
      return struct.fields().get(actual);
    }
    throw problem(name, "is missing (" + struct.variable() + " has " + fileOrder.size() + " fields: "
        + String.join(", ", fileOrder) + "; expected " + layout.size() + ": " + String.join(", ", layout) + ")");
  }

  private boolean readsByPosition() {
    return struct.ordered() && fileOrder.size() == layout.size();
  }

  /** The field's name for messages, saying which field of the file stood in for it. */
  private String label(String name) {
    if (struct.fields().containsKey(name) || !readsByPosition()) {
      return "'" + name + "'";
    }
    int position = layout.indexOf(name);
    return "'" + name + "' (read by position: field " + (position + 1) + ", '" + fileOrder.get(position) + "')";
  }

  private String text(String name) {
    MatField value = field(name);
    if (value instanceof MatField.Text text) {
      return text.value();
    }
    throw wrongType(name, "a char row", value);
  }

  private List<String> names(String name) {
    MatField value = field(name);
    if (!(value instanceof MatField.TextCell cell) || !cell.isVector()) {
      throw wrongType(name, "an N x 1 or 1 x N cell of char", value);
    }
    if (cell.values().isEmpty()) {
      throw problem(name, "is empty: the dataset has no images there");
    }
    for (int i = 0; i < cell.values().size(); i++) {
      if (cell.values().get(i).isBlank()) {
        throw problem(name, "has an empty image name at element " + (i + 1));
      }
    }
    return List.copyOf(cell.values());
  }

  /** Database and query positions, each {@code [n][2]} (easting, northing). */
  private record Positions(double[][] db, double[][] q) {}

  /**
   * Both UTM arrays. The files hold 2 x n; n x 2 is accepted too. A 2 x 2 array is ambiguous, so it
   * takes the orientation of the other array (2 x n if that is ambiguous as well).
   */
  private Positions positions(int numDb, int numQ) {
    MatField.Numbers db = utmMatrix("utmDb", numDb, "dbImageFns");
    MatField.Numbers q = utmMatrix("utmQ", numQ, "qImageFns");
    boolean dbIsNx2 = numDb != 2 && db.rows() == numDb; // unambiguously one image per row
    boolean qIsNx2 = numQ != 2 && q.rows() == numQ;
    boolean dbAsRows = numDb != 2 ? dbIsNx2 : qIsNx2;
    boolean qAsRows = numQ != 2 ? qIsNx2 : dbIsNx2;
    return new Positions(utm("utmDb", db, numDb, dbAsRows, "dbImageFns"),
        utm("utmQ", q, numQ, qAsRows, "qImageFns"));
  }

  private MatField.Numbers utmMatrix(String name, int n, String namesField) {
    MatField value = field(name);
    if (!(value instanceof MatField.Numbers m)) {
      throw wrongType(name, "a 2 x N double matrix", value);
    }
    if (!(m.rows() == 2 && m.cols() == n) && !(m.rows() == n && m.cols() == 2)) {
      throw problem(name, "must be 2 x " + n + " (" + n + " names in " + namesField + "), but is "
          + m.rows() + "x" + m.cols());
    }
    return m;
  }

  private double[][] utm(String name, MatField.Numbers m, int n, boolean rowsPerImage, String namesField) {
    if (rowsPerImage) {
      LOG.info("{}: {} is {} x 2; reading each row as (easting, northing)", file, name, n);
    }
    double[][] xy = new double[n][2];
    for (int i = 0; i < n; i++) {
      xy[i][0] = rowsPerImage ? m.at(i, 0) : m.at(0, i);
      xy[i][1] = rowsPerImage ? m.at(i, 1) : m.at(1, i);
      if (!Double.isFinite(xy[i][0]) || !Double.isFinite(xy[i][1])) {
        throw problem(name, "has a non-finite position (" + xy[i][0] + ", " + xy[i][1] + ") for image "
            + (i + 1) + " of " + namesField);
      }
    }
    return xy;
  }

  private double[] vector(String name, int n, String namesField) {
    MatField value = field(name);
    if (!(value instanceof MatField.Numbers m) || !m.isVector() || m.columnMajor().length != n) {
      throw problem(name, "must be a numeric vector of " + n + " values (" + n + " names in " + namesField
          + "), but is " + value.describe());
    }
    return m.columnMajor().clone();
  }

  private double scalar(String name) {
    MatField value = field(name);
    if (!(value instanceof MatField.Numbers m) || m.columnMajor().length != 1) {
      throw wrongType(name, "a numeric scalar", value);
    }
    double x = m.columnMajor()[0];
    if (!Double.isFinite(x)) {
      throw problem(name, "is " + x);
    }
    return x;
  }

  private double positive(String name) {
    double x = scalar(name);
    if (x <= 0) {
      throw problem(name, "must be positive, but is " + x);
    }
    return x;
  }

  private void requireCount(String name, int expected, String namesField) {
    double count = scalar(name);
    if (count != expected) {
      throw problem(name, "says " + formatCount(count) + " but " + namesField + " lists " + expected + " images");
    }
  }

  private static String formatCount(double count) {
    return count == Math.rint(count) ? String.valueOf((long) count) : String.valueOf(count);
  }

  private VprException wrongType(String name, String expected, MatField actual) {
    return problem(name, "must be " + expected + ", but is " + actual.describe());
  }

  private VprException problem(String name, String what) {
    return new VprException(file + ": " + struct.variable() + " field " + label(name) + " " + what);
  }
}
