package org.vpr4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vpr4j.data.DbStructReaderTest.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;

class NetVladDatasetsTest {
  @TempDir
  Path root;

  private static DbStruct spec(List<String> db, List<String> q) {
    double[][] utmDb = new double[db.size()][];
    for (int i = 0; i < utmDb.length; i++) {
      utmDb[i] = new double[] {100 + i, 200 + i};
    }
    double[][] utmQ = new double[q.size()][];
    for (int i = 0; i < utmQ.length; i++) {
      utmQ[i] = new double[] {300 + i, 400 + i};
    }
    return new DbStruct("test", db, utmDb, q, utmQ, 25, 625, 100);
  }

  private void touch(Path... files) throws IOException {
    for (Path f : files) {
      Files.createDirectories(f.getParent());
      Files.write(f, new byte[] {1});
    }
  }

  @Test
  void opensPittsburghLayout() throws IOException {
    DbStructWriter.write(root.resolve("datasets/pitts30k_test.mat"),
        spec(List.of("000/a.jpg", "001/b.jpg"), List.of("000/q.jpg")));
    touch(root.resolve("000/a.jpg"), root.resolve("001/b.jpg"), root.resolve("queries_real/000/q.jpg"));

    PlaceDataset d = NetVladDatasets.open(root, "pitts30k_test");

    assertEquals("pitts30k_test", d.name());
    assertEquals("pitts30k", d.tag());
    assertEquals("test", d.whichSet());
    assertEquals(List.of(root.resolve("000/a.jpg"), root.resolve("001/b.jpg")), d.databaseImages());
    assertEquals(List.of(root.resolve("queries_real/000/q.jpg")), d.queryImages());
    assertEquals(List.of(root.resolve("000/a.jpg"), root.resolve("001/b.jpg"), root.resolve("queries_real/000/q.jpg")),
        d.allImages());
    assertArrayEquals(new double[][] {{100, 200}, {101, 201}}, d.databaseUtm());
    assertArrayEquals(new double[][] {{300, 400}}, d.queryUtm());
    assertEquals(2, d.numDb());
    assertEquals(1, d.numQ());
    assertEquals(25, d.posDistThr());
    assertEquals(100, d.nonTrivPosDistSqThr());
    assertFalse(d.databaseDates().isPresent());
  }

  @Test
  void tokyo247DatabaseIsPngOnDisk() throws IOException {
    DbStructWriter.write(root.resolve("datasets/tokyo247.mat"),
        spec(List.of("03814/381405_000.jpg"), List.of("247query_v3/00001.jpg")));
    touch(root.resolve("db/03814/381405_000.png"), root.resolve("query/247query_v3/00001.jpg"));

    PlaceDataset d = NetVladDatasets.open(root, "tokyo247");

    assertEquals("tokyo247", d.tag());
    assertEquals(List.of(root.resolve("db/03814/381405_000.png")), d.databaseImages());
    assertEquals(List.of(root.resolve("query/247query_v3/00001.jpg")), d.queryImages());
  }

  @Test
  void tokyoTimeMachineKeepsEverythingUnderOneFolderWithDates() throws IOException {
    DbStruct withDates = new DbStruct("val", List.of("d/1.jpg"), new double[][] {{1, 2}}, List.of("q/1.jpg"),
        new double[][] {{3, 4}}, 25, 625, 100, new double[] {2009}, new double[] {2013});
    DbStructWriter.write(root.resolve("datasets/tokyoTM_val.mat"), withDates);
    Path images = root.resolve("tokyoTimeMachine/images");
    touch(images.resolve("d/1.jpg"), images.resolve("q/1.jpg"));

    PlaceDataset d = NetVladDatasets.open(root, "tokyoTM_val");

    assertEquals("tokyoTM", d.tag());
    assertEquals(List.of(images.resolve("d/1.jpg")), d.databaseImages());
    assertEquals(List.of(images.resolve("q/1.jpg")), d.queryImages());
    assertArrayEquals(new double[] {2009}, d.databaseDates().orElseThrow());
    assertArrayEquals(new double[] {2013}, d.queryDates().orElseThrow());
  }

  @Test
  void splitMayBeTheMatFileItself() throws IOException {
    Path mat = root.resolve("city/datasets/synthcity_train.mat");
    DbStructWriter.write(mat, spec(List.of("db/1.jpg"), List.of("1.jpg")));
    touch(root.resolve("city/db/1.jpg"), root.resolve("city/queries_real/1.jpg"));

    PlaceDataset d = NetVladDatasets.open(null, mat.toString());

    assertEquals("synthcity_train", d.name());
    assertEquals("synthcity", d.tag());
    assertEquals(List.of(root.resolve("city/db/1.jpg")), d.databaseImages());
  }

  @Test
  void tagsNameCentroidFiles() {
    assertEquals("pitts250k", NetVladDatasets.tagFor("pitts250k_test"));
    assertEquals("pitts30k", NetVladDatasets.tagFor("pitts30k_val"));
    assertEquals("tokyo247", NetVladDatasets.tagFor("tokyo247"));
    assertEquals("tokyoTM", NetVladDatasets.tagFor("tokyoTM_train"));
    assertEquals("synthcity", NetVladDatasets.tagFor("synthcity_test"));
    assertEquals("plain", NetVladDatasets.tagFor("plain"));
  }

  @Test
  void missingImagesAreCountedAndListed() throws IOException {
    List<String> db = List.of("000/0.jpg", "000/1.jpg", "000/2.jpg", "000/3.jpg", "000/4.jpg", "000/5.jpg", "000/6.jpg");
    DbStructWriter.write(root.resolve("datasets/pitts30k_val.mat"), spec(db, List.of("q0.jpg", "q1.jpg")));
    touch(root.resolve("000/0.jpg"), root.resolve("queries_real/q0.jpg"));
    Path mat = root.resolve("datasets/pitts30k_val.mat");

    VprException e = assertThrows(VprException.class, () -> NetVladDatasets.open(root, "pitts30k_val"));

    assertMessage(e, mat, "7 of the 9 images", "6 of 7 database images", "1 of 2 queries",
        root.resolve("000/1.jpg").toString(), root.resolve("000/5.jpg").toString());
  }

  @Test
  void missingRootAndMissingSplitAreNamed() throws IOException {
    Path absent = root.resolve("nowhere");
    assertMessage(assertThrows(VprException.class, () -> NetVladDatasets.open(absent, "pitts30k_test")), absent,
        "does not exist");

    DbStructWriter.write(root.resolve("datasets/pitts30k_val.mat"), spec(List.of("a.jpg"), List.of("b.jpg")));
    VprException e = assertThrows(VprException.class, () -> NetVladDatasets.open(root, "pitts30k_test"));
    assertMessage(e, root.resolve("datasets/pitts30k_test.mat"), "available: pitts30k_val");
  }
}
