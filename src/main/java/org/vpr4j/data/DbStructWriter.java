package org.vpr4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.vpr4j.io.AtomicFiles;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Writes a {@link DbStruct} as a MATLAB level-5 {@code .mat} file holding one struct
 * {@code dbStruct}, with the fields in the order the NetVLAD readers expect (they read by position).
 */
public final class DbStructWriter {
  private DbStructWriter() {}

  /**
   * The header's free text. mfl-core's default holds the creation time; a fixed text keeps files
   * made from the same content byte-identical (MATLAB and scipy only display it).
   */
  static final String DESCRIPTION = "MATLAB 5.0 MAT-file, written by vpr4j";

  public static void write(Path matFile, DbStruct s) {
    Struct struct = Mat5.newStruct();
    struct.set("whichSet", Mat5.newString(s.whichSet()));
    struct.set("dbImageFns", cellOf(s.dbImageFns()));
    struct.set("utmDb", transposed(s.utmDb()));
    if (s.hasDates()) {
      struct.set("dateDb", row(s.dateDb()));
    }
    struct.set("qImageFns", cellOf(s.qImageFns()));
    struct.set("utmQ", transposed(s.utmQ()));
    if (s.hasDates()) {
      struct.set("dateQ", row(s.dateQ()));
    }
    struct.set("numImages", Mat5.newScalar(s.numImages()));
    struct.set("numQueries", Mat5.newScalar(s.numQueries()));
    struct.set("posDistThr", Mat5.newScalar(s.posDistThr()));
    struct.set("posDistSqThr", Mat5.newScalar(s.posDistSqThr()));
    struct.set("nonTrivPosDistSqThr", Mat5.newScalar(s.nonTrivPosDistSqThr()));
    MatFile mat = new Mat5File(DESCRIPTION) {}.addArray("dbStruct", struct);
    AtomicFiles.write(matFile, tmp -> writeMat(mat, tmp));
  }

  private static void writeMat(MatFile mat, Path target) throws IOException {
    Mat5.writeToFile(mat, target.toFile());
  }

  private static Cell cellOf(List<String> names) {
    Cell cell = Mat5.newCell(names.size(), 1);
    for (int i = 0; i < names.size(); i++) {
      cell.set(i, 0, Mat5.newString(names.get(i)));
    }
    return cell;
  }

  /** [n][2] in memory becomes 2 x n on disk, as in the published files. */
  private static Matrix transposed(double[][] xy) {
    Matrix m = Mat5.newMatrix(2, xy.length);
    for (int i = 0; i < xy.length; i++) {
      m.setDouble(0, i, xy[i][0]);
      m.setDouble(1, i, xy[i][1]);
    }
    return m;
  }

  private static Matrix row(double[] values) {
    Matrix m = Mat5.newMatrix(1, values.length);
    for (int i = 0; i < values.length; i++) {
      m.setDouble(0, i, values[i]);
    }
    return m;
  }
}
