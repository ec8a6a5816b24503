package org.vpr4j.bench;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.MappedDescriptors;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.PcaLearner;
import org.vpr4j.report.MarkdownTable;

/**
 * Learning a PCA at the size the city-scale issue asks for (by default 50,000 training
 * descriptors of 32,768-D to 4,096 components) within the heap the process was given: the time
 * and peak memory of {@link PcaLearner#learn} with its default settings, on the clustered
 * descriptors of {@link ScaleBenchmark} (kept in a memory-mapped file, as {@code vpr4j pca} spills
 * them), and how well the learned components solve the eigenproblem. An exact reference PCA is
 * out of reach at this size, so the check is the one that needs none: for a few components v with
 * variance λ, the relative residual ‖C v − λ v‖ / λ of the covariance C, computed in one more pass
 * over the data (0 for an exact eigenvector).
 */
public final class PcaFitBenchmark {
  /** The sizes of a run. */
  public record Sizes(int points, int inputDim, int dim) {}

  private PcaFitBenchmark() {}

  /** Generates (or reuses) the training descriptors in {@code work}, learns the PCA and reports on it. */
  public static String run(Sizes s, Path work) throws Exception {
    Files.createDirectories(work);
    Path file = work.resolve("pca-train-" + s.points() + "x" + s.inputDim() + ".f32");
    long g0 = System.nanoTime();
    ScaleBenchmark.clustered(file, s.points(), s.inputDim(), 23, 0);
    double generated = (System.nanoTime() - g0) / 1e9;
    MappedDescriptors x = MappedDescriptors.open(file);

    Timing.resetPeakRss();
    double loadBefore = Timing.loadAverage();
    long t0 = System.nanoTime();
    Pca pca = PcaLearner.learn(x, s.dim(), PcaLearner.Settings.defaults(s.dim()), false, Map.of("source", file.toString()));
    double seconds = (System.nanoTime() - t0) / 1e9;
    double peakRss = Timing.peakRssMib();
    double loadAfter = Timing.loadAverage();

    int[] checked = IntStream.of(0, 1, 2, 3, s.dim() / 4 - 1, s.dim() / 2 - 1, s.dim() - 1).distinct()
        .filter(i -> i >= 0).toArray();
    double[] residuals = residuals(x, pca, checked);
    double explained = 0;
    for (double e : pca.eigenvalues()) {
      explained += e / pca.totalVariance();
    }
    PcaLearner.Settings settings = PcaLearner.Settings.defaults(s.dim());
    MarkdownTable t = new MarkdownTable("training descriptors", "components", "basis (dim + oversampling)",
        "iterations", "learning s", "peak RSS MiB", "max heap MiB", "data file MiB", "explained variance",
        "load before → after");
    t.row(String.format(Locale.ROOT, "%,d x %,d", s.points(), s.inputDim()), String.format(Locale.ROOT, "%,d", s.dim()),
        String.format(Locale.ROOT, "%,d", Math.min(s.inputDim(), s.dim() + settings.oversampling())),
        Integer.toString(settings.iterations()), String.format(Locale.ROOT, "%.1f", seconds),
        String.format(Locale.ROOT, "%,.0f", peakRss),
        String.format(Locale.ROOT, "%,d", Runtime.getRuntime().maxMemory() >> 20),
        String.format(Locale.ROOT, "%,d", Files.size(file) >> 20), String.format(Locale.ROOT, "%.4f", explained),
        String.format(Locale.ROOT, "%.2f → %.2f", loadBefore, loadAfter));
    MarkdownTable r = new MarkdownTable("component", "variance λ", "share of total variance", "‖C v − λ v‖ / λ");
    for (int i = 0; i < checked.length; i++) {
      int c = checked[i];
      r.row(Integer.toString(c + 1), String.format(Locale.ROOT, "%.4g", pca.eigenvalues()[c]),
          String.format(Locale.ROOT, "%.4g", pca.eigenvalues()[c] / pca.totalVariance()),
          String.format(Locale.ROOT, "%.2e", residuals[i]));
    }
    return "### Learning a PCA (`vpr4j bench --what pca`)\n\n" + t.render()
        + String.format(Locale.ROOT, "%n(the training descriptors were generated in %.1f s, or reused: clustered unit"
            + " vectors as in the scale benchmark, in a memory-mapped file)%n%n", generated)
        + r.render();
  }

  /**
   * ‖C v − λ v‖ / λ for the {@code checked} components, C the covariance of {@code x} (divided by
   * n − 1 as the eigenvalues are): one pass computes Xc v for every row and sums Xcᵀ (Xc v).
   */
  static double[] residuals(DescriptorStore x, Pca pca, int[] checked) {
    int d = x.dim();
    int m = checked.length;
    float[] mean = pca.mean();
    double[][] cv = new double[m][d];
    int block = DescriptorStore.blockRows(d, 64L << 20, 1024);
    float[] rows = new float[block * d];
    float[] centred = new float[d];
    for (int r0 = 0; r0 < x.rows(); r0 += block) {
      int rn = Math.min(block, x.rows() - r0);
      x.read(r0, rn, FloatBuffer.wrap(rows));
      for (int r = 0; r < rn; r++) {
        for (int j = 0; j < d; j++) {
          centred[j] = rows[r * d + j] - mean[j];
        }
        for (int c = 0; c < m; c++) {
          float[] v = pca.components()[checked[c]];
          double dot = 0;
          for (int j = 0; j < d; j++) {
            dot += centred[j] * v[j];
          }
          double[] acc = cv[c];
          for (int j = 0; j < d; j++) {
            acc[j] += dot * centred[j];
          }
        }
      }
    }
    double[] out = new double[m];
    for (int c = 0; c < m; c++) {
      float[] v = pca.components()[checked[c]];
      double lambda = pca.eigenvalues()[checked[c]];
      double sq = 0;
      for (int j = 0; j < d; j++) {
        double diff = cv[c][j] / (x.rows() - 1) - lambda * v[j];
        sq += diff * diff;
      }
      out[c] = Math.sqrt(sq) / lambda;
    }
    return out;
  }
}
