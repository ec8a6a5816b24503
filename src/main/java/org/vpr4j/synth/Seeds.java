package org.vpr4j.synth;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from a tuple such as (seed, split, place, view). Every image
 * gets its own stream, so images can be rendered in any order, on any number of threads, and still
 * come out byte-identical. (For the same reason the generator uses {@link StrictMath} for
 * trigonometry: {@link Math} may differ between the interpreter, the JIT and machines.)
 */
final class Seeds {
  private Seeds() {}

  /** A random stream determined only by {@code parts}. */
  static SplittableRandom random(long... parts) {
    return new SplittableRandom(mix(parts));
  }

  static long mix(long... parts) {
    long h = 0x243F6A8885A308D3L;
    for (long part : parts) {
      h = splitMix(h ^ splitMix(part + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  // The SplitMix64 finaliser: a cheap bijection with good avalanche, so nearby tuples diverge.
  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [lo, hi). */
  static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  /** Roughly normal (sum of three uniforms), cheap and bounded to ±3 sigma. */
  static double gaussian(SplittableRandom rng, double sigma) {
    return sigma * (rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5) * 2.0;
  }

  static <T> T pick(SplittableRandom rng, T[] options) {
    return options[rng.nextInt(options.length)];
  }
}
