package org.vpr4j.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.data.UtmFolderDatasets;
import org.vpr4j.eval.DescriptorFileWriter;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.MappedDescriptors;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.WeightsFile;

/** Index round trips (embedded and in a separate descriptor file) and the errors of bad index files. */
class IndexFileTest {
  @TempDir static Path dir;
  static ImageSet database;
  static ModelProvenance provenance;
  static float[] expected;

  @BeforeAll
  static void data() throws Exception {
    TinyData.utmFolders(dir.resolve("data"), "tiny", 4, 7);
    database = ImageSet.databaseOf(UtmFolderDatasets.open(dir.resolve("data"), "tiny"));
    provenance = new ModelProvenance("grid", "{\"name\":\"grid\"}", "/runs/grid", "best", "abc123",
        "2024-01-01T00:00:00Z");
    expected = describeAll(database.images());
  }

  static float[] describeAll(List<Path> images) {
    var batches = new org.vpr4j.data.ImageBatches(images, 64, 48, images.size());
    try (batches) {
      var b = batches.next();
      return new GridDescriber().describe(b.pixels(), b.size());
    }
  }

  @Test
  void smallIndexEmbedsItsDescriptorsInOneFile() {
    Path file = dir.resolve("embedded.h5");
    PlaceIndex index = IndexBuilder.build(new GridDescriber(), provenance, database, file, 3,
        IndexBuilder.DEFAULT_EMBED_MAX_BYTES);
    assertFalse(Files.exists(IndexFile.descriptorFileFor(file)), "the descriptor file is folded into the HDF5 file");
    assertTrue(index.descriptors() instanceof InMemoryDescriptors);
    checkRoundTrip(IndexFile.read(file), file);
  }

  @Test
  void largeIndexKeepsDescriptorsInAMappedFileBeside() {
    Path file = dir.resolve("separate.h5");
    IndexBuilder.build(new GridDescriber(), provenance, database, file, 3, 0);
    assertEquals(dir.resolve("separate.descriptors.f32"), IndexFile.descriptorFileFor(file));
    assertTrue(Files.isRegularFile(IndexFile.descriptorFileFor(file)));
    PlaceIndex index = IndexFile.read(file);
    assertTrue(index.descriptors() instanceof MappedDescriptors);
    checkRoundTrip(index, file);
  }

  @Test
  void aRebuildWritesTheOtherDescriptorFileSoAnInterruptedOneLeavesTheOldIndexWhole() {
    Path file = dir.resolve("rebuilt.h5");
    IndexBuilder.build(new GridDescriber(), provenance, database, file, 3, 0);
    Path first = IndexFile.descriptorFileFor(file);
    Path second = IndexFile.alternateDescriptorFile(file);
    assertEquals(Optional.of(first), IndexFile.separateDescriptorFile(file));
    // A rebuild killed between its two renames has written only its descriptors, under the free name.
    assertEquals(second, IndexFile.freeDescriptorFile(file));
    int dim = expected.length / database.size();
    DescriptorFileWriter.write(second, dim, out -> out.append(new float[expected.length], 0, database.size()));
    checkRoundTrip(IndexFile.read(file), file);
    // A finished rebuild uses the second name and deletes the first; the next one swaps back.
    IndexBuilder.build(new GridDescriber(), provenance, database, file, 3, 0);
    assertEquals(Optional.of(second), IndexFile.separateDescriptorFile(file));
    assertFalse(Files.exists(first));
    checkRoundTrip(IndexFile.read(file), file);
    IndexBuilder.build(new GridDescriber(), provenance, database, file, 3, 0);
    assertEquals(Optional.of(first), IndexFile.separateDescriptorFile(file));
    assertFalse(Files.exists(second));
  }

  private static void checkRoundTrip(PlaceIndex index, Path file) {
    assertEquals(file, index.file());
    assertEquals(provenance, index.model());
    assertEquals(database.images(), index.database().images());
    assertEquals(database.source(), index.database().source());
    assertEquals(25.0, index.database().posDistThr());
    for (int i = 0; i < database.size(); i++) {
      assertArrayEquals(database.utm()[i], index.database().utm()[i]);
    }
    assertEquals(32, index.descriptorDim());
    assertArrayEquals(expected, index.descriptors().read(0, index.size()));
  }

  @Test
  void unknownPositionsSurviveAsNaN() throws Exception {
    Path folder = dir.resolve("plain");
    Files.createDirectories(folder);
    Files.copy(database.images().get(0), folder.resolve("street.png"));
    Files.copy(database.images().get(1), folder.resolve(TinyData.utmName(100, 200, "x")));
    ImageSet set = ImageSet.folder(folder);
    assertEquals(1, set.positionsKnown());
    Path file = dir.resolve("plain.h5");
    PlaceIndex index = IndexBuilder.build(new GridDescriber(), provenance, set, file, 2, 1 << 20);
    PlaceIndex read = IndexFile.read(file);
    assertEquals(index.database().images(), read.database().images());
    int street = read.database().images().get(0).getFileName().toString().equals("street.png") ? 0 : 1;
    assertFalse(read.database().hasPosition(street));
    assertArrayEquals(new double[] {100, 200}, read.database().utm()[1 - street]);
  }

  @Test
  void aMissingOrForeignFileIsAClearError() throws Exception {
    assertMessage("does not exist", () -> IndexFile.read(dir.resolve("none.h5")));
    Path weights = dir.resolve("weights.h5");
    WeightsFile.write(weights, Map.of("w", new FloatArray(new long[] {2}, new float[] {1, 2})), Map.of());
    assertMessage("is not a vpr4j index", () -> IndexFile.read(weights));
    Path text = Files.writeString(dir.resolve("text.h5"), "not hdf5 at all");
    assertMessage(text.toString(), () -> IndexFile.read(text));
  }

  @Test
  void aMissingDescriptorFileIsNamed() throws Exception {
    Path file = dir.resolve("moved.h5");
    IndexBuilder.build(new GridDescriber(), provenance, database, file, 4, 0);
    Files.delete(IndexFile.descriptorFileFor(file));
    assertMessage("moved.descriptors.f32, which does not exist", () -> IndexFile.read(file));
  }

  @Test
  void aDescriptorFileOfAnotherIndexIsRejected() throws Exception {
    Path a = dir.resolve("a.h5");
    Path b = dir.resolve("b.h5");
    IndexBuilder.build(new GridDescriber(), provenance, database, a, 4, 0);
    ImageSet fewer = new ImageSet("fewer", database.images().subList(0, 3),
        java.util.Arrays.copyOf(database.utm(), 3), 25);
    IndexBuilder.build(new GridDescriber(), provenance, fewer, b, 4, 0);
    Files.copy(IndexFile.descriptorFileFor(a), IndexFile.descriptorFileFor(b),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertMessage("do not belong together", () -> IndexFile.read(b));
  }

  @Test
  void aMissingImageStopsTheBuildAndLeavesNoIndex() {
    List<Path> images = List.of(database.images().get(0), dir.resolve("gone.png"));
    ImageSet broken = new ImageSet("broken", images, new double[][] {{0, 0}, {0, 0}}, 25);
    Path file = dir.resolve("broken.h5");
    assertMessage("gone.png", () -> IndexBuilder.build(new GridDescriber(), provenance, broken, file, 1, 0));
    assertFalse(Files.exists(file));
    assertFalse(Files.exists(IndexFile.descriptorFileFor(file)));
  }

  static void assertMessage(String part, org.junit.jupiter.api.function.Executable action) {
    VprException e = assertThrows(VprException.class, action);
    assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
  }
}
