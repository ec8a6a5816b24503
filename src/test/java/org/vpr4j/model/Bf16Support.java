package org.vpr4j.model;

import org.junit.jupiter.api.Assumptions;

/**
 * The one CPU feature a test may ask for: whether TensorFlow's oneDNN computes bfloat16 at all
 * (AVX-512 or AVX-NE-CONVERT; {@link CpuFeatures#bf16Supported}). Asked explicitly, never guessed
 * from the CPU family, and a skip says what it skipped and why.
 */
public final class Bf16Support {
  private Bf16Support() {}

  public static boolean available() {
    return CpuFeatures.current().bf16Supported();
  }

  /** Skips the calling test, printing why, on a CPU where vpr4j refuses bf16. */
  public static void assume(String what) {
    if (!available()) {
      String why = "skipped " + what + ": this CPU (" + CpuFeatures.current().model() + ", flags "
          + CpuFeatures.current().relevantFlags() + ") has no AVX-512, so oneDNN computes no bfloat16 and vpr4j"
          + " refuses --precision bf16 (that refusal is tested instead)";
      System.out.println(why);
      Assumptions.assumeTrue(false, why);
    }
  }
}
