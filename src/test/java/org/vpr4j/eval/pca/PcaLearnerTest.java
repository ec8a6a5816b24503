package org.vpr4j.eval.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.interop.imports.PythonTools;

class PcaLearnerTest {
  @TempDir Path tmp;

  /**
   * Descriptors with a decaying spectrum (variance 0.85^i along random directions, like real
   * descriptors' leading components) plus isotropic noise, so that PCA has a unique answer.
   */
  static InMemoryDescriptors decaying(int n, int d, long seed) {
    Random r = new Random(seed);
    double[][] directions = new double[d][d];
    for (double[] row : directions) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextGaussian() / Math.sqrt(d);
      }
    }
    float[] x = new float[n * d];
    for (int i = 0; i < n; i++) {
      double[] row = new double[d];
      for (int c = 0; c < d; c++) {
        double z = r.nextGaussian() * Math.pow(0.85, c / 2.0);
        for (int j = 0; j < d; j++) {
          row[j] += z * directions[c][j];
        }
      }
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (row[j] + 0.01 * r.nextGaussian() + 0.3);
      }
    }
    return new InMemoryDescriptors(n, d, x);
  }

  /**
   * scikit-learn's exact PCA (full SVD) on the same data: components equal up to sign within
   * 1e-4, explained variance within 1e-4 relative. The error budget: float32 products over 400
   * rows (relative rounding about 1e-6) and the subspace iteration, whose error for component i
   * shrinks as (lambda_{l+1} / lambda_i)^(q + 1), negligible here (0.85^8 per iteration). Measured:
   * 4e-7 for the components, 5e-8 for the variances.
   * The file is read by h5py, which also checks its layout.
   */
  @Test
  void matchesScikitLearnWithinTolerance() throws Exception {
    int n = 400;
    int d = 160;
    int k = 32;
    InMemoryDescriptors x = decaying(n, d, 7);
    Pca pca = PcaLearner.learn(x, k, PcaLearner.Settings.defaults(k), true, Map.of("source", "test"));
    Path file = tmp.resolve("pca.hdf5");
    PcaFile.write(file, pca);
    Path data = tmp.resolve("x.f32");
    ByteBuffer b = ByteBuffer.allocate(n * d * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(x.read(0, n));
    Files.write(data, b.array());
    JsonNode r = sklearn(data, n, d, file);
    System.out.println("PCA against scikit-learn: " + r);
    assertEquals(k, r.get("dim").asInt());
    assertTrue(r.get("components").asDouble() < 1e-4, "components differ from scikit-learn's by " + r);
    assertTrue(r.get("variance").asDouble() < 1e-4, "explained variance differs from scikit-learn's by " + r);
    assertTrue(r.get("ratio").asDouble() < 1e-4, "explained variance ratio differs from scikit-learn's by " + r);
    assertTrue(r.get("mean").asDouble() < 1e-6, "mean differs: " + r);
  }

  @Test
  void readsBackWhatItWrote() {
    InMemoryDescriptors x = decaying(60, 24, 3);
    Pca pca = PcaLearner.learn(x, 8, PcaLearner.Settings.defaults(8), false, Map.of("source", "s", "count", "60"));
    Path file = tmp.resolve("p.hdf5");
    PcaFile.write(file, pca);
    Pca back = PcaFile.read(file, 24);
    assertEquals(8, back.dim());
    assertEquals(false, back.whiten());
    assertEquals("s", back.origin().get("source"));
    for (int c = 0; c < 8; c++) {
      assertEquals(pca.eigenvalues()[c], back.eigenvalues()[c]);
      assertEquals(pca.components()[c][5], back.components()[c][5]);
    }
  }

  @Test
  void refusesFewerDescriptorsThanTheDimension() {
    VprException e = assertThrows(VprException.class,
        () -> PcaLearner.learn(decaying(20, 40, 1), 32, PcaLearner.Settings.defaults(32), false, Map.of()));
    assertTrue(e.getMessage().contains("32") && e.getMessage().contains("20"), e.getMessage());
  }

  @Test
  void refusesAFileOfAnotherInputDimensionNamingIt() {
    Pca pca = PcaLearner.learn(decaying(30, 16, 1), 4, PcaLearner.Settings.defaults(4), false, Map.of());
    Path file = tmp.resolve("other.hdf5");
    PcaFile.write(file, pca);
    VprException e = assertThrows(VprException.class, () -> PcaFile.read(file, 32));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("16"), e.getMessage());
  }

  private static JsonNode sklearn(Path data, int n, int d, Path pca) throws IOException {
    Path script = Path.of("src/test/resources/pca/sklearn_reference.py").toAbsolutePath();
    PythonTools.Outcome o = PythonTools.run(List.of(PythonTools.PYTHON, script.toString(), data.toString(),
        Integer.toString(n), Integer.toString(d), pca.toString()), null, 300);
    assertEquals(0, o.exitCode(), "the scikit-learn reference failed (needs Debian's python3-sklearn python3-h5py):\n"
        + o.output());
    String out = o.output().strip();
    return new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
  }
}
