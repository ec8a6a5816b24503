package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What vpr4j concludes from the CPU flags of the machines users have (flag lists abridged from lscpu). */
class CpuFeaturesTest {
  static String cpuinfo(String model, String flags) {
    return "processor\t: 0\nvendor_id\t: x\nmodel name\t: " + model + "\nflags\t\t: " + flags + "\n\nprocessor\t: 1\n"
        + "model name\t: other\nflags\t\t: fpu\n";
  }

  @Test
  void amdZen4HasNativeBf16WithoutAmx() {
    CpuFeatures c = CpuFeatures.parse(cpuinfo("AMD EPYC 9R14", "fpu sse4_1 avx avx2 fma avx512f avx512dq avx512bw"
        + " avx512vl avx512_vnni avx512_bf16 vaes"));
    assertEquals("AMD EPYC 9R14", c.model());
    assertTrue(c.bf16Supported() && c.nativeBf16());
    assertEquals("avx512_core_bf16", c.onednnBf16Isa());
    assertEquals("avx512_core", c.onednnFp32Isa());
    assertEquals(List.of("avx2", "avx512f", "avx512_vnni", "avx512_bf16"), c.relevantFlags());
  }

  @Test
  void intelSapphireRapidsUsesAmx() {
    CpuFeatures c = CpuFeatures.parse(cpuinfo("Intel(R) Xeon(R) Platinum 8481C", "avx2 avx512f avx512_vnni"
        + " avx512_bf16 amx_bf16 amx_tile amx_int8"));
    assertTrue(c.nativeBf16());
    assertEquals("avx512_core_amx", c.onednnBf16Isa());
  }

  @Test
  void avx512WithoutBf16EmulatesIt() {
    CpuFeatures c = CpuFeatures.parse(cpuinfo("Intel(R) Xeon(R) Gold 6148", "avx2 avx512f avx512bw avx512vl"));
    assertTrue(c.bf16Supported());
    assertFalse(c.nativeBf16());
    assertEquals("avx512_core (bf16 emulated)", c.onednnBf16Isa());
  }

  @Test
  void avx2OnlyHasNoBf16() {
    CpuFeatures c = CpuFeatures.parse(cpuinfo("AMD EPYC 7763 (Zen 3)", "sse4_1 avx avx2 fma"));
    assertFalse(c.bf16Supported());
    assertEquals("none", c.onednnBf16Isa());
    assertEquals("avx2", c.onednnFp32Isa());
  }

  @Test
  void unreadableCpuinfoMeansNoFeatures() {
    CpuFeatures c = CpuFeatures.parse("garbage without colons");
    assertEquals("unknown", c.model());
    assertFalse(c.bf16Supported());
    assertTrue(c.relevantFlags().isEmpty());
  }
}
