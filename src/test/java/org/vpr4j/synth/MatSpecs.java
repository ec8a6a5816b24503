package org.vpr4j.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/** An independent reader of the written .mat files (mfl-core, not the project's reader), and file listings. */
final class MatSpecs {
  private MatSpecs() {}

  /** The dbStruct fields the tests look at, read with mfl-core rather than the project's reader. */
  record Spec(String whichSet, List<String> db, double[][] utmDb, List<String> q, double[][] utmQ, double posDistThr,
      double posDistSqThr, double nonTrivPosDistSqThr, List<String> fieldOrder) {}

  static Spec read(Path mat) throws IOException {
    try (var file = Mat5.readFromFile(mat.toFile())) {
      Struct s = file.getStruct("dbStruct");
      return new Spec(s.getChar("whichSet").getString(), names(s.getCell("dbImageFns")), utm(s.getMatrix("utmDb")),
          names(s.getCell("qImageFns")), utm(s.getMatrix("utmQ")), s.getMatrix("posDistThr").getDouble(0),
          s.getMatrix("posDistSqThr").getDouble(0), s.getMatrix("nonTrivPosDistSqThr").getDouble(0),
          List.copyOf(s.getFieldNames()));
    }
  }

  static List<Path> filesUnder(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static List<String> names(Cell cell) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < cell.getNumRows(); i++) {
      out.add(cell.getChar(i, 0).getString());
    }
    return out;
  }

  /** 2 x N on disk becomes [N][2] (easting, northing). */
  private static double[][] utm(Matrix m) {
    double[][] out = new double[m.getNumCols()][2];
    for (int i = 0; i < out.length; i++) {
      out[i][0] = m.getDouble(0, i);
      out[i][1] = m.getDouble(1, i);
    }
    return out;
  }
}
