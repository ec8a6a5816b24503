package org.vpr4j.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.Bf16Support;
import org.vpr4j.model.CpuFeatures;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig.Precision;

/**
 * The bf16 self-check. Its verdict is tested on given outcomes (no CPU involved); its measurement
 * on a real model only where oneDNN computes bf16 (AVX-512), asked for explicitly.
 *
 * <p>Why nothing here depends on the CPU family: on an AMD Zen 4 (AVX-512 BF16, no AMX) oneDNN
 * runs bf16 convolutions on its {@code avx512_core_bf16} kernels, on an Intel Sapphire Rapids on
 * {@code avx512_core_amx}, on older AVX-512 CPUs on emulated bf16; all three multiply bf16
 * operands exactly and accumulate in float32, so their results differ from float32 only by bf16
 * rounding, which the floor allows six times over (see {@link Bf16SelfCheck}). The one kernel
 * defect found (odd input channel counts, below AMX) is worked around in the graph for every CPU.
 */
class Bf16SelfCheckTest {
  static final Bf16SelfCheck.Outcome GOOD = new Bf16SelfCheck.Outcome(4, 0.99997, 0.9999, 0.9990);
  static final Bf16SelfCheck.Outcome BROKEN = new Bf16SelfCheck.Outcome(4, 0.828, 0.0, 0.945);

  @Test
  void correctArithmeticPasses() {
    assertDoesNotThrow(() -> Bf16SelfCheck.judge(GOOD, Bf16SelfCheck.Policy.DEFAULT, "test"));
  }

  @Test
  void wrongArithmeticIsRefusedWithTheCosineAndTheWayOut() {
    VprException e = assertThrows(VprException.class,
        () -> Bf16SelfCheck.judge(BROKEN, Bf16SelfCheck.Policy.DEFAULT, "test"));
    assertTrue(e.getMessage().startsWith("test: ") && e.getMessage().contains("cosine 0.82800")
        && e.getMessage().contains("floor 0.99900") && e.getMessage().contains("--precision fp32")
        && e.getMessage().contains("--force-bf16"), e.getMessage());
  }

  @Test
  void forcedBf16GoesOnBelowTheFloor() {
    assertDoesNotThrow(() -> Bf16SelfCheck.judge(BROKEN, new Bf16SelfCheck.Policy(0.999, true), "test"));
  }

  @Test
  void aCpuWithoutAvx512IsRefusedByName() {
    CpuFeatures zen3 = new CpuFeatures("AMD EPYC 7763", Set.of("avx", "avx2", "fma"));
    VprException e = assertThrows(VprException.class, () -> Bf16SelfCheck.requireSupport(zen3, "bench"));
    assertTrue(e.getMessage().contains("AMD EPYC 7763") && e.getMessage().contains("AVX-512")
        && e.getMessage().contains("--precision fp32"), e.getMessage());
    assertDoesNotThrow(() -> Bf16SelfCheck.requireSupport(
        new CpuFeatures("AMD EPYC 9R14", Set.of("avx2", "avx512f", "avx512_bf16")), "bench"));
  }

  @Test
  void floorsOutsideACosineAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Bf16SelfCheck.Policy(1.5, false));
    assertThrows(IllegalArgumentException.class, () -> new Bf16SelfCheck.Policy(Double.NaN, false));
  }

  /**
   * A model whose first convolution sees 3 channels (RGB), the case that oneDNN 3.5's non-AMX
   * bf16 kernels got wrong (cosine 0.99 on random images, 0.83 on the synthetic city): after the
   * fix it meets the default floor on every CPU that computes bf16.
   */
  @Test
  void aRealModelMeetsTheDefaultFloor() {
    Bf16Support.assume("the bf16 self-check on a real model");
    ModelConfig config = ModelConfig.paper().withWidth(0.125).withInputSize(64, 48).withClusters(8);
    byte[] pixels = new byte[2 * 48 * 64 * 3];
    new Random(7).nextBytes(pixels);
    try (InferenceModel bf16 = new InferenceModel(config, 3, Precision.BF16)) {
      Bf16SelfCheck.Outcome o = Bf16SelfCheck.measure(bf16, pixels, 2);
      System.out.println(o.summary());
      assertTrue(o.localCosineMean() >= Bf16SelfCheck.DEFAULT_FLOOR, o.summary());
      assertTrue(o.localCosineMean() < 1, "bf16 must actually change the arithmetic: " + o.summary());
    }
  }
}
