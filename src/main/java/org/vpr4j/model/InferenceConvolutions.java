package org.vpr4j.model;

import java.util.Locale;
import org.vpr4j.VprException;
import org.vpr4j.model.layers.ConvPlan;

/**
 * The {@link ConvPlan} of inference graphs, set by {@code $VPR4J_TF_CONV}: {@code auto} (the
 * default: per shape, whichever form {@link MeasuredConvPlan} timed fastest on this machine),
 * {@code conv2d}, {@code matmul} or {@code winograd}. bf16 graphs keep Conv2D: the mixed-precision
 * pass would turn the products into bf16 matrix products, which oneDNN runs slower than its bf16
 * convolutions on the CPUs measured (docs/benchmarks.md, "Convolutions as matrix products").
 */
public final class InferenceConvolutions {
  public static final String ENVIRONMENT = "VPR4J_TF_CONV";

  private InferenceConvolutions() {}

  public static ConvPlan plan(SessionConfig.Precision precision) {
    return precision == SessionConfig.Precision.BF16 ? ConvPlan.CONV2D
        : parse(System.getenv(ENVIRONMENT), "$" + ENVIRONMENT);
  }

  /** {@code auto} (also when null or blank), {@code conv2d}, {@code matmul} or {@code winograd}; {@code origin} names the setting. */
  public static ConvPlan parse(String text, String origin) {
    String t = text == null || text.isBlank() ? "auto" : text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "auto" -> MeasuredConvPlan.userDefault();
      case "conv2d" -> ConvPlan.CONV2D;
      case "matmul" -> ConvPlan.MATMUL;
      case "winograd" -> ConvPlan.WINOGRAD;
      default -> throw new VprException(origin + " '" + text
          + "' is not a convolution form: use auto, conv2d, matmul or winograd");
    };
  }
}
