package org.vpr4j.model;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.vpr4j.VprException;

/** TensorFlow session settings measured to be fastest on CPU (TENSORFLOW-JAVA.md §5). */
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

  /** All cores for one op, one op at a time: conv layers dominate and parallelise internally. */
  public static ConfigProto cpu() {
    return cpu(Precision.FP32);
  }

  /** {@link #cpu()} with the given compute precision. */
  public static ConfigProto cpu(Precision precision) {
    int cores = Runtime.getRuntime().availableProcessors();
    ConfigProto.Builder b = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(cores)
        .setInterOpParallelismThreads(1)
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
