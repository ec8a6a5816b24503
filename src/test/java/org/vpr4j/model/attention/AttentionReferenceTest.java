package org.vpr4j.model.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.Padding;
import org.vpr4j.io.FloatArray;

/**
 * Every module against the independent PyTorch reference in {@code src/test/resources/attention}
 * (regenerate with {@code make_fixtures.py}): same input and weights, outputs, masks and updated
 * BatchNorm running statistics agree to 1e-5, and the module creates exactly the checkpoint's keys.
 */
class AttentionReferenceTest {
  private static final float TOLERANCE = 1e-5f;

  @Test
  void squeezeExcitation() {
    check("se.json", SqueezeExcitation.PREFIX, c -> new SqueezeExcitation(16, 1));
  }

  @Test
  void channelAttention() {
    check("ch.json", ChannelAttention.PREFIX, c -> new ChannelAttention());
  }

  @Test
  void efficientChannelAttention() {
    check("eca.json", EcaAttention.PREFIX, c -> new EcaAttention(EcaAttention.DEFAULT_KERNEL));
  }

  @Test
  void cbamInInferenceAndTrainingWithItsSmallBatchNormMomentum() {
    check("cbam.json", Cbam.PREFIX, c -> new Cbam(16, 1));
  }

  @Test
  void bamWithTheSquarePoolingQuirkAndWithGlobalPooling() {
    check("bam.json", Bam.PREFIX, c -> new Bam(16, 1, BamPooling.valueOf(
        ((String) c.options().get("bamPooling")).toUpperCase(java.util.Locale.ROOT))));
  }

  @Test
  void crnReturnsNormalisedFeaturesTimesItsMask() {
    TorchFixture f = TorchFixture.load("maskhead.json");
    for (String name : new String[] {"crn-eval", "crn-train"}) {
      check(f, f.only(name), Crn.PREFIX, new Crn(8, MaskBranches.PAPER));
    }
  }

  @Test
  void deAttentionVersionsAndPaddings() {
    TorchFixture f = TorchFixture.load("maskhead.json");
    int checked = 0;
    for (TorchFixture.Case c : f.cases()) {
      if (c.name().startsWith("deattention")) {
        int version = ((Number) c.options().get("deattentionVersion")).intValue();
        String padding = (String) c.options().get("deattentionPadding");
        check(f, c, DeAttention.PREFIX, new DeAttention(8, version,
            Padding.valueOf(padding.toUpperCase(java.util.Locale.ROOT)), MaskBranches.PAPER));
        checked++;
      }
    }
    assertEquals(4, checked);
  }

  private static void check(String file, String prefix, Function<TorchFixture.Case, AttentionModule> module) {
    TorchFixture f = TorchFixture.load(file);
    assertTrue(!f.cases().isEmpty());
    for (TorchFixture.Case c : f.cases()) {
      check(f, c, prefix, module.apply(c));
    }
  }

  private static void check(TorchFixture f, TorchFixture.Case c, String prefix, AttentionModule module) {
    Map<String, FloatArray> weights = f.params(prefix);
    ModuleRunner.Run run = ModuleRunner.run(module, f.input(), weights, c.training());
    assertEquals(new TreeSet<>(weights.keySet()), run.names(), c.name() + ": parameter names");
    assertClose(c.output(), run.features(), c.name() + ": features");
    if (c.mask() == null) {
      assertNull(run.mask(), c.name());
    } else {
      assertNotNull(run.mask(), c.name());
      assertClose(c.mask(), run.mask(), c.name() + ": mask");
    }
    for (Map.Entry<String, FloatArray> e : c.running().entrySet()) {
      assertClose(e.getValue(), run.values().get(prefix + "." + e.getKey()), c.name() + ": " + e.getKey());
    }
    // Inference leaves the running statistics alone.
    if (!c.training()) {
      weights.forEach((k, v) -> {
        if (k.endsWith("running_mean") || k.endsWith("running_var")) {
          assertClose(v, run.values().get(k), c.name() + ": unchanged " + k);
        }
      });
    }
  }

  static void assertClose(FloatArray want, FloatArray got, String what) {
    assertArrayEquals(want.shape(), got.shape(), what + " shape");
    assertArrayEquals(want.data(), got.data(), TOLERANCE, what);
  }
}
