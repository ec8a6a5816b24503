package org.vpr4j.eval.pca;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

/**
 * A learned PCA of global descriptors, in scikit-learn's layout: {@code mean} [inputDim],
 * {@code components} [dim][inputDim] (unit rows, largest variance first) and {@code eigenvalues}
 * [dim] (the variance along each component, scikit-learn's {@code explained_variance_}, i.e.
 * divided by n - 1). The transform (see docs/scale.md) is: subtract the mean, project on the
 * components, divide each coordinate by sqrt(eigenvalue + eps) when whitening, L2-normalise.
 *
 * @param totalVariance the sum of the per-feature variances of the training descriptors, so that
 *     {@code eigenvalues[i] / totalVariance} is scikit-learn's {@code explained_variance_ratio_}
 * @param origin where it was learned: split, descriptor count, run, checkpoint and its SHA-256
 *
 * <p>Serializable so that a Spark job can broadcast it to its executors (docs/spark.md).
 */
public record Pca(float[] mean, float[][] components, double[] eigenvalues, double totalVariance, boolean whiten,
    double eps, Map<String, String> origin) implements Serializable {

  /** Added to each eigenvalue before whitening divides by its square root. */
  public static final double DEFAULT_EPS = 1e-9;

  /** The dimensions {@code vpr4j pca} offers. */
  public static final int[] DIMS = {256, 512, 1024, 2048, 4096};

  public Pca {
    if (components.length != eigenvalues.length) {
      throw new IllegalArgumentException(components.length + " components but " + eigenvalues.length + " eigenvalues");
    }
    for (float[] c : components) {
      if (c.length != mean.length) {
        throw new IllegalArgumentException("a component of length " + c.length + " for a mean of length "
            + mean.length);
      }
    }
    origin = Map.copyOf(origin);
  }

  /** Length of the descriptors it takes. */
  public int inputDim() {
    return mean.length;
  }

  /** Length of the descriptors it makes. */
  public int dim() {
    return components.length;
  }

  /** The factor each projected coordinate is multiplied by before the final L2 normalisation. */
  public float[] scales() {
    float[] s = new float[dim()];
    for (int i = 0; i < s.length; i++) {
      s[i] = whiten ? (float) (1.0 / Math.sqrt(eigenvalues[i] + eps)) : 1f;
    }
    return s;
  }

  /**
   * Its first {@code d} components: the PCA of the same data to {@code d} dimensions, as PCA
   * components are nested (up to the solver's accuracy in the trailing ones).
   *
   * @throws IllegalArgumentException unless 1 <= d <= {@link #dim()}
   */
  public Pca leading(int d) {
    if (d < 1 || d > dim()) {
      throw new IllegalArgumentException("a PCA to " + dim() + " dimensions has no " + d + " leading components");
    }
    return new Pca(mean, Arrays.copyOf(components, d), Arrays.copyOf(eigenvalues, d), totalVariance, whiten, eps,
        origin);
  }

  /** The same PCA with another record of where it comes from. */
  public Pca withOrigin(Map<String, String> o) {
    return new Pca(mean, components, eigenvalues, totalVariance, whiten, eps, o);
  }

  /** The same PCA applied with or without whitening. */
  public Pca withWhiten(boolean w) {
    return new Pca(mean, components, eigenvalues, totalVariance, w, eps, origin);
  }

  /** A short label for reports and file names: {@code pca4096w} (whitened) or {@code pca4096}. */
  public String label() {
    return "pca" + dim() + (whiten ? "w" : "");
  }
}
