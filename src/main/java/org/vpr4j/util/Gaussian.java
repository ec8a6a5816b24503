package org.vpr4j.util;

import java.util.SplittableRandom;

/**
 * Standard normal draws from a seeded {@link SplittableRandom} by Marsaglia's polar method: the
 * same sequence on every JVM, which the PCA's random start and the benchmark's synthetic
 * descriptors rely on to repeat exactly.
 */
public final class Gaussian {
  private Gaussian() {}

  public static double next(SplittableRandom r) {
    double u;
    double v;
    double s;
    do {
      u = 2 * r.nextDouble() - 1;
      v = 2 * r.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
