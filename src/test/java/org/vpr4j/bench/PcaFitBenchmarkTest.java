package org.vpr4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.pca.Pca;

/** {@code bench --what pca}: its eigen-residual check, and the stage end to end at a tiny size. */
class PcaFitBenchmarkTest {
  @TempDir Path dir;

  /** Rows ±a·e0 and ±b·e1 (zero mean): the covariance is diag(a²/2, b²/2, 0) (n − 1 = 3). */
  private static InMemoryDescriptors cross(float a, float b) {
    return new InMemoryDescriptors(4, 3, new float[] {a, 0, 0, -a, 0, 0, 0, b, 0, 0, -b, 0});
  }

  @Test
  void theResidualIsZeroForTrueEigenpairsAndLargeOtherwise() {
    InMemoryDescriptors x = cross(3, 2); // variances 18/3 = 6 along e0 and 8/3 along e1
    Pca exact = new Pca(new float[3], new float[][] {{1, 0, 0}, {0, 1, 0}}, new double[] {6, 8 / 3.0}, 26 / 3.0,
        false, Pca.DEFAULT_EPS, Map.of());
    double[] r = PcaFitBenchmark.residuals(x, exact, new int[] {0, 1});
    assertEquals(0, r[0], 1e-6);
    assertEquals(0, r[1], 1e-6);

    // A wrong variance: C e0 - 5 e0 = e0, so the residual is 1/5.
    Pca wrongValue = new Pca(new float[3], new float[][] {{1, 0, 0}}, new double[] {5}, 26 / 3.0, false,
        Pca.DEFAULT_EPS, Map.of());
    assertEquals(0.2, PcaFitBenchmark.residuals(x, wrongValue, new int[] {0})[0], 1e-6);

    // A wrong direction, halfway between the axes: C v = (6, 8/3, 0)/sqrt(2), λ = vᵀCv = 13/3.
    float h = (float) Math.sqrt(0.5);
    Pca wrongVector = new Pca(new float[3], new float[][] {{h, h, 0}}, new double[] {13 / 3.0}, 26 / 3.0, false,
        Pca.DEFAULT_EPS, Map.of());
    double expected = Math.hypot(6 - 13 / 3.0, 8 / 3.0 - 13 / 3.0) * h / (13 / 3.0);
    assertEquals(expected, PcaFitBenchmark.residuals(x, wrongVector, new int[] {0})[0], 1e-5);
  }

  @Test
  void theStageLearnsAPcaOfClusteredVectorsWhoseLeadingComponentsAreEigenvectors() throws Exception {
    String report = PcaFitBenchmark.run(new PcaFitBenchmark.Sizes(800, 64, 16), dir);
    assertTrue(report.contains("| 800 x 64 | 16 | 32 | 4 |"), report);
    // The first residual row is component 1; randomized subspace iteration converges the leading
    // components to a small residual (an unconverged or wrong one is of order 0.1 to 1).
    String first = report.lines().filter(l -> l.startsWith("| 1 |")).findFirst().orElseThrow();
    double residual = Double.parseDouble(first.substring(first.lastIndexOf('|', first.length() - 2) + 1,
        first.length() - 1).trim());
    assertTrue(residual < 1e-3, first);
  }
}
