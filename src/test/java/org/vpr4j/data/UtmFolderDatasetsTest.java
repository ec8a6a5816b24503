package org.vpr4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vpr4j.data.DbStructReaderTest.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;

class UtmFolderDatasetsTest {
  private static final String TAIL = "@17@T@40.44@-79.99@pano@0@90@0@0@@201105@@.jpg";

  @TempDir
  Path parent;

  private Path touch(Path folder, String name) throws IOException {
    Files.createDirectories(folder);
    return Files.write(folder.resolve(name), new byte[] {1});
  }

  @Test
  void readsPositionsFromNamesInNameOrder() throws IOException {
    Path root = parent.resolve("pitts30k");
    Path db = root.resolve("images/test/database");
    Path q = root.resolve("images/test/queries");
    Path second = touch(db, "@584952.25@4477187.00" + TAIL);
    Path first = touch(db, "@584951.50@4477186.50" + TAIL);
    Path query = touch(q, "@584955.00@4477190.00" + TAIL);
    touch(db, "notes.txt");

    PlaceDataset d = UtmFolderDatasets.open(root, "test");

    assertEquals("pitts30k_test", d.name());
    assertEquals("pitts30k", d.tag());
    assertEquals("test", d.whichSet());
    assertEquals(List.of(first, second), d.databaseImages());
    assertEquals(List.of(query), d.queryImages());
    assertArrayEquals(new double[][] {{584951.5, 4477186.5}, {584952.25, 4477187.0}}, d.databaseUtm());
    assertArrayEquals(new double[][] {{584955.0, 4477190.0}}, d.queryUtm());
    assertEquals(25, d.posDistThr());
    assertEquals(100, d.nonTrivPosDistSqThr());
  }

  @Test
  void unparsableNameIsNamed() throws IOException {
    Path root = parent.resolve("sf");
    touch(root.resolve("images/val/database"), "@1@2" + TAIL);
    Path bad = touch(root.resolve("images/val/queries"), "@east@2" + TAIL);

    VprException e = assertThrows(VprException.class, () -> UtmFolderDatasets.open(root, "val"));

    assertMessage(e, bad, "UTM", "@UTM_east@UTM_north@");
  }

  @Test
  void nameWithoutLeadingAtIsRejected() {
    Path folder = parent.resolve("q");
    assertThrows(VprException.class, () -> UtmFolderDatasets.parseUtm(folder, "584951.5@4477186.5@.jpg"));
    assertThrows(VprException.class, () -> UtmFolderDatasets.parseUtm(folder, "photo.jpg"));
    assertArrayEquals(new double[] {-1.5, 2e3}, UtmFolderDatasets.parseUtm(folder, "@-1.5@2e3@.jpg"));
  }

  @Test
  void missingSplitListsTheAvailableOnes() throws IOException {
    Path root = parent.resolve("msls");
    touch(root.resolve("images/train/database"), "@1@2" + TAIL);

    VprException e = assertThrows(VprException.class, () -> UtmFolderDatasets.open(root, "test"));

    assertMessage(e, root.resolve("images/test"), "available: train");
  }
}
