package org.vpr4j.model;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.vpr4j.VprException;

/**
 * TensorFlow session settings for CPU: NHWC with oneDNN, intra-op threads = cores and, unless
 * asked otherwise, one op at a time (NCHW convolutions fall back to slow reference kernels on CPU).
 */
public final class SessionConfig {
  private static final Logger LOG = LogManager.getLogger(SessionConfig.class);

  /** Arithmetic precision of the heavy ops (convolutions, matmuls); variables and outputs stay float32. */
  public enum Precision {
    /** Plain float32 everywhere (the reference). */
    FP32,
    /**
     * bfloat16 compute through Grappler's oneDNN auto-mixed-precision pass: convolutions, matmuls
     * and their neighbours run in bfloat16 (AMX / AVX-512 BF16 on recent Xeons), with float32
     * weights, reductions and outputs. Several times faster on such CPUs; descriptors differ from
     * float32 in the third significant digit.
     */
    BF16;

    /** {@code fp32} or {@code bf16} (any case); {@code origin} names the option for the error. */
    public static Precision parse(String text, String origin) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      return switch (t) {
        case "fp32", "float32" -> FP32;
        case "bf16", "bfloat16" -> BF16;
        default -> throw new VprException(origin + " '" + text + "' is not a precision: use fp32 or bf16");
      };
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private SessionConfig() {}

  /** Environment variable: how many ops an inference session may run at once (default 1). */
  public static final String OPS_AT_ONCE = "VPR4J_TF_OPS_AT_ONCE";

  /**
   * Inference: all cores for each op, and {@code $VPR4J_TF_OPS_AT_ONCE} ops at once (default 1).
   * A graph with lowered convolutions ({@code ConvForm}) has independent matrix products and
   * transforms side by side; two at a time made the full model at 640x480 7-10% faster on a 2-core
   * AMD EPYC. But ops that run beside another get their threads differently, so descriptors then
   * differ from run to run in their last bits (about 3e-9), and the default keeps every run
   * repeatable (docs/benchmarks.md, "Winograd convolutions"; docs/RELIABILITY.md).
   */
  public static ConfigProto inference() {
    return inference(Precision.FP32);
  }

  /** {@link #inference()} with the given compute precision. */
  public static ConfigProto inference(Precision precision) {
    return build(precision, opsAtOnce(System.getenv(OPS_AT_ONCE), "$" + OPS_AT_ONCE));
  }

  /** Training: all cores for one op, one op at a time, always (repeatable, and as its figures were measured). */
  public static ConfigProto training() {
    return build(Precision.FP32, 1);
  }

  /** A whole number of at least 1 (1 when null or blank); {@code origin} names the setting. */
  static int opsAtOnce(String text, String origin) {
    if (text == null || text.isBlank()) {
      return 1;
    }
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new VprException(origin + " '" + text + "' is not a number of ops at once: use a whole number of at least 1");
  }

  private static ConfigProto build(Precision precision, int opsAtOnce) {
    int cores = Runtime.getRuntime().availableProcessors();
    ConfigProto.Builder b = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(cores)
        .setInterOpParallelismThreads(opsAtOnce)
        .setAllowSoftPlacement(true);
    if (precision == Precision.BF16) {
      if (!CpuFeatures.current().nativeBf16()) {
        // oneDNN then emulates bfloat16, which is slower than float32: say so instead of failing.
        LOG.warn("bf16 requested but this CPU reports neither avx512_bf16 nor amx_bf16;"
            + " expect it to be slower than fp32");
      }
      b.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
          .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    return b.build();
  }
}
