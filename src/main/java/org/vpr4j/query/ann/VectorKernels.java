package org.vpr4j.query.ann;

/**
 * Which distance kernels Lucene runs in this JVM. Lucene 9.12 compares vectors with SIMD
 * instructions through Java's incubating Vector API when the JVM is Java 21 or later and was
 * started with {@code --add-modules jdk.incubator.vector} (Java 23 and later also need Lucene's
 * {@code org.apache.lucene.vectorization.upperJavaFeatureVersion} switch, which {@code scripts/vpr4j}
 * sets); otherwise with scalar Java loops. docs/scale.md gives the measured difference.
 */
public final class VectorKernels {
  /** Lucene's own limit: the newest Java version it enables the Vector API on by itself. */
  private static final int LUCENE_UPPER_FEATURE_VERSION = 22;

  private VectorKernels() {}

  /** True if Lucene uses its Vector API (SIMD) kernels here. */
  public static boolean simd() {
    int feature = Runtime.version().feature();
    int upper = Integer.getInteger("org.apache.lucene.vectorization.upperJavaFeatureVersion",
        LUCENE_UPPER_FEATURE_VERSION);
    return feature >= 21 && feature <= upper && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** One line for logs and benchmark reports. */
  public static String describe() {
    int feature = Runtime.version().feature();
    if (simd()) {
      return "Lucene's SIMD distance kernels (Vector API, Java " + feature + ")";
    }
    return "Lucene's scalar distance loops (Java " + feature + (feature < 21 ? "" : " without the jdk.incubator.vector"
        + " module") + "; Java 21 or later through scripts/vpr4j runs its SIMD kernels, see docs/scale.md)";
  }
}
