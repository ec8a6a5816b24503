package org.vpr4j.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;

class CentroidFileTest {
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir Path dir;

  private static float[][] matrix(int rows, int cols, float scale, float shift) {
    float[][] m = new float[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m[i][j] = (i * cols + j) * scale + shift;
      }
    }
    return m;
  }

  private static void assertMatrixEquals(float[][] want, float[][] got) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertArrayEquals(want[i], got[i], "row " + i);
    }
  }

  /** Writes one dataset with jhdf directly, bypassing CentroidFile's checks. */
  private Path rawFile(String name, Object data) {
    Path file = dir.resolve("raw-" + name + ".hdf5");
    try (WritableHdfFile out = HdfFile.write(file)) {
      out.putDataset(name, data);
    }
    return file;
  }

  private static String errorOf(Runnable r) {
    return assertThrows(VprException.class, r::run).getMessage();
  }

  @Test
  void roundTripReplacesAnExistingFile() throws IOException {
    Path file = dir.resolve("vgg16_pitts30k_64_desc_cen.hdf5");
    Files.writeString(file, "old content");
    float[][] centroids = matrix(4, 6, 0.1f, -1);
    float[][] descriptors = matrix(30, 6, -0.01f, 2);
    CentroidFile.write(file, centroids, descriptors);
    assertMatrixEquals(centroids, CentroidFile.readCentroids(file));
    assertMatrixEquals(centroids, CentroidFile.readCentroids(file, 6));
    assertMatrixEquals(descriptors, CentroidFile.readDescriptors(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file may remain");
    }
  }

  @Test
  void readsTheH5pyFixture() throws URISyntaxException {
    Path fixture = Path.of(getClass().getResource("/cluster/h5py_centroids.hdf5").toURI());
    assertMatrixEquals(matrix(4, 8, 0.25f, -3), CentroidFile.readCentroids(fixture, 8));
    assertMatrixEquals(matrix(20, 8, 1 / 16f, -5), CentroidFile.readDescriptors(fixture));
  }

  @Test
  void h5pyReadsWhatJavaWrote() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(PYTHON)) && run(List.of(PYTHON, "-c", "import h5py")).exit == 0,
        "needs /usr/bin/python3 with h5py (Debian python3-h5py)");
    Path file = dir.resolve("java.hdf5");
    float[][] centroids = matrix(3, 5, 0.5f, -2);
    CentroidFile.write(file, centroids, matrix(7, 5, 0.125f, 1));
    String script = String.join("\n",
        "import sys, h5py",
        "f = h5py.File(sys.argv[1], 'r')",
        "for name in ('centroids', 'descriptors'):",
        "    d = f[name]",
        "    print(name, d.dtype.str, *d.shape)",
        "print(*f['centroids'][...].ravel().tolist())");
    Run r = run(List.of(PYTHON, "-c", script, file.toString()));
    assertEquals(0, r.exit, r.output);
    String[] lines = r.output.strip().split("\n");
    assertEquals("centroids <f4 3 5", lines[0]);
    assertEquals("descriptors <f4 7 5", lines[1]);
    String[] values = lines[2].split(" ");
    for (int i = 0; i < 15; i++) {
      assertEquals(centroids[i / 5][i % 5], Float.parseFloat(values[i]), "value " + i);
    }
  }

  @Test
  void acceptsFloat64AndCentroidsAlone() {
    Path file = rawFile("centroids", new double[][] {{1.5, 2}, {3, -4.25}});
    assertMatrixEquals(new float[][] {{1.5f, 2}, {3, -4.25f}}, CentroidFile.readCentroids(file));
    Path onlyCentroids = dir.resolve("only.hdf5");
    CentroidFile.write(onlyCentroids, new float[][] {{1, 2}}, null);
    assertTrue(errorOf(() -> CentroidFile.readDescriptors(onlyCentroids)).contains("no dataset \"descriptors\""));
  }

  @Test
  void badFilesAreReportedWithTheirName() throws IOException {
    Path missingDataset = rawFile("means", new float[][] {{1, 2}});
    String e = errorOf(() -> CentroidFile.readCentroids(missingDataset));
    assertTrue(e.contains(missingDataset.toString()) && e.contains("no dataset \"centroids\"") && e.contains("means"), e);

    Path rank1 = rawFile("centroids", new float[] {1, 2, 3});
    e = errorOf(() -> CentroidFile.readCentroids(rank1));
    assertTrue(e.contains(rank1.toString()) && e.contains("[3]") && e.contains("2-D"), e);

    Path wide = rawFile("centroids", new float[][] {{1, 2, 3}});
    e = errorOf(() -> CentroidFile.readCentroids(wide, 512));
    assertTrue(e.contains("[1, 3]") && e.contains("512"), e);

    Path nan = rawFile("centroids", new float[][] {{1, 2}, {3, Float.NaN}});
    e = errorOf(() -> CentroidFile.readCentroids(nan));
    assertTrue(e.contains(nan.toString()) && e.contains("non-finite") && e.contains("[1, 1]"), e);

    Path ints = rawFile("centroids", new int[][] {{1, 2}});
    e = errorOf(() -> CentroidFile.readCentroids(ints));
    assertTrue(e.contains("int values"), e);

    Path text = dir.resolve("text.hdf5");
    Files.writeString(text, "this is not HDF5 ".repeat(40), StandardCharsets.US_ASCII);
    e = errorOf(() -> CentroidFile.readCentroids(text));
    assertTrue(e.contains(text.toString()) && e.contains("HDF5"), e);

    Path missing = dir.resolve("missing.hdf5");
    assertTrue(errorOf(() -> CentroidFile.readCentroids(missing)).contains("does not exist"));
  }

  @Test
  void invalidInputIsRejectedBeforeAnythingIsWritten() {
    Path file = dir.resolve("c.hdf5");
    assertThrows(IllegalArgumentException.class,
        () -> CentroidFile.write(file, new float[][] {{1, 2}, {3}}, null));
    assertThrows(IllegalArgumentException.class,
        () -> CentroidFile.write(file, new float[][] {{1, 2}}, new float[][] {{1, 2, 3}}));
    assertThrows(IllegalArgumentException.class,
        () -> CentroidFile.write(file, new float[][] {{1, Float.POSITIVE_INFINITY}}, null));
    assertFalse(Files.exists(file));
  }

  private record Run(int exit, String output) {}

  private static Run run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Run(p.exitValue(), out);
  }
}
