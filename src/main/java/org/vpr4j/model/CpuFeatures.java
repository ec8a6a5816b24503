package org.vpr4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CPU features that decide which arithmetic TensorFlow's oneDNN can run, read from
 * {@code /proc/cpuinfo}. Only what vpr4j acts on or reports: whether bfloat16 is available at all,
 * whether it is native, and which oneDNN kernel family (ISA) a bf16 or fp32 convolution uses.
 *
 * @param model the CPU's model name ("unknown" where it cannot be read)
 * @param flags the kernel's CPU flags (lower case)
 */
public record CpuFeatures(String model, Set<String> flags) {
  /** Flags that change which kernels run, in the order they are reported. */
  public static final List<String> RELEVANT = List.of("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "avx_ne_convert",
      "amx_bf16", "amx_tile");

  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  /** This machine's CPU; no flags (so no bf16) where /proc/cpuinfo cannot be read. */
  public static CpuFeatures current() {
    try {
      return parse(Files.readString(Path.of("/proc/cpuinfo")));
    } catch (IOException | RuntimeException e) {
      return new CpuFeatures("unknown", Set.of());
    }
  }

  /** The first processor's model name and flags in {@code /proc/cpuinfo} text. */
  public static CpuFeatures parse(String cpuinfo) {
    String model = "unknown";
    Set<String> flags = Set.of();
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (key.equals("model name") && model.equals("unknown")) {
        model = value;
      } else if (key.equals("flags") && flags.isEmpty()) {
        flags = Set.of(value.split("\\s+"));
      }
    }
    return new CpuFeatures(model, flags);
  }

  public boolean has(String flag) {
    return flags.contains(flag);
  }

  /**
   * True when TensorFlow's oneDNN computes bfloat16 at all: it needs AVX-512 (or AVX-NE-CONVERT),
   * the same test TensorFlow makes before its mixed-precision rewrite; below that oneDNN has no
   * bfloat16 convolution.
   */
  public boolean bf16Supported() {
    return has("avx512f") || has("avx_ne_convert");
  }

  /** True when bfloat16 products are native instructions (AVX-512 BF16 or AMX), not emulated. */
  public boolean nativeBf16() {
    return has("avx512_bf16") || has("amx_bf16");
  }

  /**
   * The oneDNN ISA a bfloat16 convolution runs on, as {@code ONEDNN_VERBOSE} names its kernels
   * ({@code brg_conv_fwd:avx512_core_amx} etc.), inferred from the flags: oneDNN takes the best
   * one the CPU has. {@code none} where bfloat16 is not available.
   */
  public String onednnBf16Isa() {
    if (has("amx_bf16") && has("amx_tile")) {
      return "avx512_core_amx";
    }
    if (has("avx512_bf16")) {
      return "avx512_core_bf16";
    }
    if (has("avx512f")) {
      return "avx512_core (bf16 emulated)";
    }
    return has("avx_ne_convert") ? "avx2_vnni_2" : "none";
  }

  /** The oneDNN ISA of a float32 convolution, inferred the same way. */
  public String onednnFp32Isa() {
    if (has("avx512f")) {
      return "avx512_core";
    }
    return has("avx2") ? "avx2" : "sse41";
  }

  /** Which of {@link #RELEVANT} this CPU has. */
  public List<String> relevantFlags() {
    List<String> out = new ArrayList<>();
    for (String f : RELEVANT) {
      if (has(f)) {
        out.add(f);
      }
    }
    return out;
  }
}
