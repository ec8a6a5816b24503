package org.vpr4j.query.ann;

import java.nio.file.Path;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.PcaFile;
import org.vpr4j.eval.pca.PcaLearner;
import org.vpr4j.eval.pca.PcaProjection;
import org.vpr4j.io.FileDigest;

/**
 * The low-dimensional space a projected HNSW graph is walked in (docs/scale.md, "A graph walked
 * in a projection"): a PCA (mean and top components, not whitened, not re-normalised, so that
 * distances in it approximate the full ones from below) learned from the indexed descriptors,
 * stored in the graph folder as a vpr4j PCA file ({@link #FILE}).
 */
public final class NavigationProjection implements AutoCloseable {
  /** The PCA file's name inside the graph folder (Lucene leaves files not named like its own alone). */
  public static final String FILE = "navigation-pca.hdf5";
  /**
   * At most this many indexed descriptors, spread evenly over the database, teach the PCA: its
   * passes then cost the same at any database size, and 20,000 samples determine a few hundred
   * leading components well.
   */
  static final int SAMPLE_ROWS = 20_000;

  private final Pca pca;
  private final PcaProjection projection;

  private NavigationProjection(Pca pca) {
    this.pca = pca;
    this.projection = PcaProjection.withoutNormalisation(pca);
  }

  /**
   * Refuses a navigation dimension that cannot be learned from these descriptors.
   *
   * @throws VprException naming both numbers if {@code navDim} is not below the descriptors'
   *     dimension or exceeds their number
   */
  static void check(int navDim, int dim, int rows) {
    if (navDim >= dim) {
      throw new VprException("the HNSW navigation dimension (--hnsw-nav-dim " + navDim + ") must be below the"
          + " descriptors' dimension (" + dim + ")");
    }
    if (navDim > rows) {
      throw new VprException("the HNSW navigation dimension (--hnsw-nav-dim " + navDim + ") needs at least as many"
          + " descriptors to learn its PCA from, the index has " + rows);
    }
  }

  /** Learns the top {@code navDim} components of (an evenly spaced sample of) {@code descriptors}. */
  static NavigationProjection learn(DescriptorStore descriptors, int navDim) {
    check(navDim, descriptors.dim(), descriptors.rows());
    DescriptorStore sample = descriptors.evenlySpacedRows(SAMPLE_ROWS);
    Pca pca = PcaLearner.learn(sample, navDim, PcaLearner.Settings.defaults(navDim), false,
        Map.of("source", "the indexed descriptors (HNSW navigation)", "count", Integer.toString(sample.rows())));
    return new NavigationProjection(pca);
  }

  /** Writes the PCA into {@code folder}; returns the file's SHA-256, which the graph's commit data keeps. */
  String write(Path folder) {
    Path file = folder.resolve(FILE);
    PcaFile.write(file, pca);
    return FileDigest.sha256(file);
  }

  /**
   * Reads the projection of the graph in {@code folder}.
   *
   * @param inputDim the full descriptors' dimension (of the vectors re-ranked)
   * @param navDim the dimension of the vectors in the graph
   * @param sha256 the file's SHA-256 when the graph was built
   * @throws VprException naming the file if it is missing, unreadable, of another shape, or not
   *     the one the graph was built with
   */
  static NavigationProjection read(Path folder, int inputDim, int navDim, String sha256) {
    Path file = folder.resolve(FILE);
    Pca pca = PcaFile.read(file);
    if (pca.inputDim() != inputDim || pca.dim() != navDim) {
      throw new VprException("HNSW navigation projection " + file + " maps " + pca.inputDim() + "-D descriptors to "
          + pca.dim() + "-D, but the graph holds " + inputDim + "-D descriptors walked at " + navDim
          + "-D; rebuild the graph with 'vpr4j query index --ann hnsw'");
    }
    if (!FileDigest.sha256(file).equals(sha256)) {
      throw new VprException("HNSW navigation projection " + file + " is not the one the graph was built with"
          + " (its SHA-256 differs); rebuild the graph with 'vpr4j query index --ann hnsw'");
    }
    return new NavigationProjection(pca);
  }

  public Pca pca() {
    return pca;
  }

  /** The fraction of the descriptors' variance the components hold (where recall comes from, docs/scale.md). */
  public double varianceKept() {
    double kept = 0;
    for (double e : pca.eigenvalues()) {
      kept += e;
    }
    return pca.totalVariance() > 0 ? kept / pca.totalVariance() : 0;
  }

  /** The first {@code n} rows of {@code rows} projected, row-major {@code [n, navDim]}. */
  float[] project(float[] rows, int n) {
    return projection.apply(rows, n);
  }

  @Override
  public void close() {
    projection.close();
  }
}
