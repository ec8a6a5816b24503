package org.vpr4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

class DbStructReaderTest {
  /** The content of the fixtures written by src/test/resources/data/make_mat_fixtures.py. */
  private static final List<String> FIXTURE_DB =
      List.of("000/000000_pitch1_yaw1.jpg", "000/000000_pitch1_yaw2.jpg", "001/001234_pitch2_yaw12.jpg");
  private static final List<String> FIXTURE_Q = List.of("000/000009_pitch1_yaw3.jpg", "001/001111_pitch2_yaw5.jpg");
  private static final double[][] FIXTURE_UTM_DB = {{584951.5, 4477186.5}, {584952.25, 4477187.0}, {585010.0, 4477300.75}};
  private static final double[][] FIXTURE_UTM_Q = {{584955.0, 4477190.0}, {585012.5, 4477301.0}};

  @TempDir
  Path dir;

  @Test
  void readsWhatDbStructWriterWrote() {
    DbStruct written = new DbStruct("val", List.of("a/1.jpg", "a/2.jpg", "b/3.jpg"),
        new double[][] {{1.5, 2.5}, {3, 4}, {5, 6.25}}, List.of("q/1.jpg"), new double[][] {{7, 8}}, 25, 625, 100);
    Path file = dir.resolve("pitts30k_val.mat");
    DbStructWriter.write(file, written);

    DbStruct read = DbStructReader.read(file);

    assertSameContent(written, read);
    assertFalse(read.hasDates());
  }

  @Test
  void readsTokyoTimeMachineTwelveFields() {
    DbStruct written = new DbStruct("train", List.of("d1.jpg", "d2.jpg"), new double[][] {{1, 2}, {3, 4}},
        List.of("q1.jpg"), new double[][] {{5, 6}}, 25, 625, 100, new double[] {200907, 201004},
        new double[] {201310});
    Path file = dir.resolve("tokyoTM_train.mat");
    DbStructWriter.write(file, written);

    DbStruct read = DbStructReader.read(file);

    assertSameContent(written, read);
    assertTrue(read.hasDates());
    assertArrayEquals(new double[] {200907, 201004}, read.dateDb());
    assertArrayEquals(new double[] {201310}, read.dateQ());
  }

  @Test
  void readsFileWrittenByScipy() throws Exception {
    DbStruct read = DbStructReader.read(fixture("scipy_dbstruct.mat"));

    assertFixtureContent(read);
  }

  @Test
  void readsPythonNamesByPositionWithRowCellsAndTransposedUtm() throws Exception {
    // dbImage / qImage / numDb / numQ names, 1 x N cells, N x 2 UTM, int32 counts, compressed;
    // utmQ is 2 x 2 there, so its orientation must follow utmDb's
    DbStruct read = DbStructReader.read(fixture("scipy_python_names.mat"));

    assertFixtureContent(read);
  }

  @Test
  void readsMatlabV73HdfFile() throws Exception {
    DbStruct read = DbStructReader.read(fixture("v73_dbstruct.mat"));

    assertFixtureContent(read);
  }

  @Test
  void missingFieldIsNamed() {
    Map<String, Array> fields = validFields();
    fields.remove("utmQ");
    Path file = write(fields);

    VprException e = assertThrows(VprException.class, () -> DbStructReader.read(file));

    assertMessage(e, file, "'utmQ'", "missing");
  }

  @Test
  void utmOfWrongShapeIsNamed() {
    Map<String, Array> fields = validFields();
    fields.put("utmDb", Mat5.newMatrix(3, 3));
    Path file = write(fields);

    VprException e = assertThrows(VprException.class, () -> DbStructReader.read(file));

    assertMessage(e, file, "'utmDb'", "2 x 3", "3x3");
  }

  @Test
  void utmCountMustMatchImageNames() {
    Map<String, Array> fields = validFields();
    fields.put("utmQ", Mat5.newMatrix(2, 3));
    Path file = write(fields);

    VprException e = assertThrows(VprException.class, () -> DbStructReader.read(file));

    assertMessage(e, file, "'utmQ'", "2 x 2 (2 names in qImageFns)");
  }

  @Test
  void imageCountMustMatchNumImages() {
    Map<String, Array> fields = validFields();
    fields.put("numImages", Mat5.newScalar(4));
    Path file = write(fields);

    VprException e = assertThrows(VprException.class, () -> DbStructReader.read(file));

    assertMessage(e, file, "'numImages'", "says 4", "lists 3");
  }

  @Test
  void nonFiniteUtmIsRejected() {
    Map<String, Array> fields = validFields();
    Matrix utm = utm(FIXTURE_UTM_DB);
    utm.setDouble(1, 2, Double.NaN);
    fields.put("utmDb", utm);
    Path file = write(fields);

    VprException e = assertThrows(VprException.class, () -> DbStructReader.read(file));

    assertMessage(e, file, "'utmDb'", "non-finite", "image 3");
  }

  @Test
  void imageNamesMustBeCharInACell() {
    Map<String, Array> fields = validFields();
    Cell names = cell(FIXTURE_DB);
    names.set(1, Mat5.newScalar(7));
    fields.put("dbImageFns", names);
    Path file = write(fields);

    VprException e = assertThrows(VprException.class, () -> DbStructReader.read(file));

    assertMessage(e, file, "'dbImageFns'", "element 2");
  }

  @Test
  void wrongTypeFoundByPositionSaysWhichFieldStoodIn() {
    Map<String, Array> fields = new LinkedHashMap<>();
    validFields().forEach((name, value) -> fields.put(name.equals("whichSet") ? "split" : name, value));
    fields.put("split", Mat5.newScalar(1));
    Path file = write(fields);

    VprException e = assertThrows(VprException.class, () -> DbStructReader.read(file));

    assertMessage(e, file, "'whichSet' (read by position: field 1, 'split')", "char row", "double 1x1");
  }

  @Test
  void truncatedFileIsAClearError() throws Exception {
    byte[] whole = Files.readAllBytes(fixture("scipy_dbstruct.mat"));
    Path file = dir.resolve("truncated.mat");
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));

    VprException e = assertThrows(VprException.class, () -> DbStructReader.read(file));

    assertMessage(e, file, "truncated or corrupt");
  }

  @Test
  void truncatedV73FileIsAClearError() throws Exception {
    byte[] whole = Files.readAllBytes(fixture("v73_dbstruct.mat"));
    Path file = dir.resolve("truncated73.mat");
    Files.write(file, Arrays.copyOf(whole, 2000));

    VprException e = assertThrows(VprException.class, () -> DbStructReader.read(file));

    assertMessage(e, file, "v7.3", "truncated or corrupt");
  }

  @Test
  void otherFilesAreNotTakenForMatFiles() throws Exception {
    Path tiny = dir.resolve("tiny.mat");
    Files.writeString(tiny, "MATLAB 5.0");
    Path text = dir.resolve("text.mat");
    Files.writeString(text, "x".repeat(300));

    assertMessage(assertThrows(VprException.class, () -> DbStructReader.read(tiny)), tiny, "too short");
    assertMessage(assertThrows(VprException.class, () -> DbStructReader.read(text)), text, "not a MATLAB");
    Path absent = dir.resolve("absent.mat");
    assertMessage(assertThrows(VprException.class, () -> DbStructReader.read(absent)), absent, "no such");
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(DbStructReaderTest.class.getResource("/data/" + name).toURI());
  }

  private static void assertFixtureContent(DbStruct read) {
    assertEquals("test", read.whichSet());
    assertEquals(FIXTURE_DB, read.dbImageFns());
    assertEquals(FIXTURE_Q, read.qImageFns());
    assertArrayEquals(FIXTURE_UTM_DB, read.utmDb());
    assertArrayEquals(FIXTURE_UTM_Q, read.utmQ());
    assertEquals(25, read.posDistThr());
    assertEquals(625, read.posDistSqThr());
    assertEquals(100, read.nonTrivPosDistSqThr());
    assertFalse(read.hasDates());
  }

  private static void assertSameContent(DbStruct expected, DbStruct actual) {
    assertEquals(expected.whichSet(), actual.whichSet());
    assertEquals(expected.dbImageFns(), actual.dbImageFns());
    assertEquals(expected.qImageFns(), actual.qImageFns());
    assertArrayEquals(expected.utmDb(), actual.utmDb());
    assertArrayEquals(expected.utmQ(), actual.utmQ());
    assertEquals(expected.posDistThr(), actual.posDistThr());
    assertEquals(expected.posDistSqThr(), actual.posDistSqThr());
    assertEquals(expected.nonTrivPosDistSqThr(), actual.nonTrivPosDistSqThr());
  }

  static void assertMessage(VprException e, Path file, String... parts) {
    assertTrue(e.getMessage().contains(file.toString()), () -> "message does not name the file: " + e.getMessage());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
    }
  }

  /** The fixture's ten fields in NetVLAD order, ready to be broken one at a time. */
  private static Map<String, Array> validFields() {
    Map<String, Array> fields = new LinkedHashMap<>();
    fields.put("whichSet", Mat5.newString("test"));
    fields.put("dbImageFns", cell(FIXTURE_DB));
    fields.put("utmDb", utm(FIXTURE_UTM_DB));
    fields.put("qImageFns", cell(FIXTURE_Q));
    fields.put("utmQ", utm(FIXTURE_UTM_Q));
    fields.put("numImages", Mat5.newScalar(FIXTURE_DB.size()));
    fields.put("numQueries", Mat5.newScalar(FIXTURE_Q.size()));
    fields.put("posDistThr", Mat5.newScalar(25));
    fields.put("posDistSqThr", Mat5.newScalar(625));
    fields.put("nonTrivPosDistSqThr", Mat5.newScalar(100));
    return fields;
  }

  private Path write(Map<String, Array> fields) {
    Struct struct = Mat5.newStruct();
    fields.forEach(struct::set);
    Path file = dir.resolve("broken.mat");
    try {
      Mat5.writeToFile(Mat5.newMatFile().addArray("dbStruct", struct), file.toFile());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return file;
  }

  private static Cell cell(List<String> names) {
    Cell cell = Mat5.newCell(names.size(), 1);
    for (int i = 0; i < names.size(); i++) {
      cell.set(i, Mat5.newString(names.get(i)));
    }
    return cell;
  }

  private static Matrix utm(double[][] xy) {
    Matrix m = Mat5.newMatrix(2, xy.length);
    for (int i = 0; i < xy.length; i++) {
      m.setDouble(0, i, xy[i][0]);
      m.setDouble(1, i, xy[i][1]);
    }
    return m;
  }
}
