package org.vpr4j.eval;

/** Distances between two descriptors held as Java arrays (the batched TensorFlow path is {@link ExactSearch}). */
public final class VectorDistance {
  private VectorDistance() {}

  /** The Euclidean distance, accumulated in double precision. */
  public static double euclidean(float[] a, float[] b) {
    return Math.sqrt(squaredEuclidean(a, b));
  }

  /** The squared Euclidean distance, accumulated in double precision. */
  public static double squaredEuclidean(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}
