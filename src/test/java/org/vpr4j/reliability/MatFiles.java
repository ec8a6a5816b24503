package org.vpr4j.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.data.DbStruct;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Writes {@code dbStruct} .mat files field by field, so that a test can drop a field, give one the
 * wrong type, or store the UTM arrays the other way round.
 */
final class MatFiles {
  private MatFiles() {}

  /** The ten NetVLAD fields of {@code s} in their order; UTM as 2 x N, as the published files have it. */
  static Map<String, Array> fields(DbStruct s) {
    Map<String, Array> f = new LinkedHashMap<>();
    f.put("whichSet", Mat5.newString(s.whichSet()));
    f.put("dbImageFns", cell(s.dbImageFns()));
    f.put("utmDb", utm(s.utmDb(), false));
    f.put("qImageFns", cell(s.qImageFns()));
    f.put("utmQ", utm(s.utmQ(), false));
    f.put("numImages", Mat5.newScalar(s.numImages()));
    f.put("numQueries", Mat5.newScalar(s.numQueries()));
    f.put("posDistThr", Mat5.newScalar(s.posDistThr()));
    f.put("posDistSqThr", Mat5.newScalar(s.posDistSqThr()));
    f.put("nonTrivPosDistSqThr", Mat5.newScalar(s.nonTrivPosDistSqThr()));
    return f;
  }

  static void write(Path file, Map<String, Array> fields) throws IOException {
    Struct struct = Mat5.newStruct();
    fields.forEach(struct::set);
    Mat5.writeToFile(Mat5.newMatFile().addArray("dbStruct", struct), file.toFile());
  }

  static Cell cell(List<String> names) {
    Cell c = Mat5.newCell(names.size(), 1);
    for (int i = 0; i < names.size(); i++) {
      c.set(i, 0, Mat5.newString(names.get(i)));
    }
    return c;
  }

  /** Positions as 2 x N, or as N x 2 when {@code onePerRow}. */
  static Matrix utm(double[][] xy, boolean onePerRow) {
    Matrix m = onePerRow ? Mat5.newMatrix(xy.length, 2) : Mat5.newMatrix(2, xy.length);
    for (int i = 0; i < xy.length; i++) {
      for (int c = 0; c < 2; c++) {
        if (onePerRow) {
          m.setDouble(i, c, xy[i][c]);
        } else {
          m.setDouble(c, i, xy[i][c]);
        }
      }
    }
    return m;
  }
}
