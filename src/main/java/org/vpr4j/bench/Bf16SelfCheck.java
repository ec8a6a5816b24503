package org.vpr4j.bench;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.model.CpuFeatures;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig.Precision;

/**
 * Makes {@code --precision bf16} honest on whatever CPU it runs: before real work, the bf16 model
 * describes a few images beside a float32 copy of itself (same weights) and the cosine between
 * their local features is compared with a floor. Below it, the command stops (exit 2) and suggests
 * {@code --precision fp32}, unless the user forces bf16.
 *
 * <p>Why local features and why 0.999: bfloat16 keeps 8 significant bits, so each rounding of an
 * input, a weight or an output moves a value by at most 2^-9 relative, about 0.0011 rms. Through
 * VGG16's 13 convolutions (three roundings each, independent errors adding in quadrature) the
 * features' relative error is about sqrt(39) x 0.0011 = 0.007, which is a cosine of
 * 1 - 0.007^2 / 2 = 0.99998; measured 0.99995 to 0.99997 on an Intel AMX Xeon, on an AMD EPYC
 * (AVX-512 BF16) and in PyTorch's bf16 autocast (docs/benchmarks.md). The floor 0.999 allows six
 * times that error, so correct bf16 arithmetic passes it on every CPU, while a wrong kernel (0.83
 * to 0.993 before the odd-channel fix) does not. Descriptors are printed but not judged: NetVLAD's
 * soft assignment amplifies the same error by its sharpness alpha, so their cosine depends on the
 * weights, not on whether the arithmetic is right.
 */
public final class Bf16SelfCheck {
  private static final Logger LOG = LogManager.getLogger(Bf16SelfCheck.class);
  /** Mean local-feature cosine that correct bf16 arithmetic always reaches (see the class comment). */
  public static final double DEFAULT_FLOOR = 0.999;
  /** Images compared: every location of each is a local feature, so a few are plenty. */
  public static final int IMAGES = 4;

  /** When bf16 is accepted: the cosine floor, and whether the user forces bf16 below it. */
  public record Policy(double floor, boolean force) {
    public static final Policy DEFAULT = new Policy(DEFAULT_FLOOR, false);

    public Policy {
      if (!(floor >= 0 && floor <= 1)) {
        throw new IllegalArgumentException("cosine floor " + floor + " is not within [0, 1]");
      }
    }
  }

  /** What the check measured on {@code images} images. */
  public record Outcome(int images, double localCosineMean, double localCosineMin, double descriptorCosineMin) {
    public String summary() {
      return String.format(Locale.ROOT, "bf16 self-check on %d image%s: local-feature cosine to fp32 mean %.5f"
          + " (min %.5f), descriptor cosine min %.5f", images, images == 1 ? "" : "s", localCosineMean,
          localCosineMin, descriptorCosineMin);
    }
  }

  private Bf16SelfCheck() {}

  /**
   * Refuses bf16 on a CPU where TensorFlow's oneDNN has no bfloat16 at all (no AVX-512): there
   * the mixed-precision rewrite is skipped or its kernels are missing, never faster than fp32.
   */
  public static void requireSupport(CpuFeatures cpu, String command) {
    if (!cpu.bf16Supported()) {
      throw new VprException(command + ": --precision bf16 needs a CPU with AVX-512 (oneDNN has no bfloat16"
          + " below it); this one (" + cpu.model() + ") has " + cpu.relevantFlags() + "; use --precision fp32");
    }
  }

  /**
   * Compares {@code bf16} with a float32 model of the same configuration and weights on
   * {@code n} images (uint8 NHWC at the model's input size).
   */
  public static Outcome measure(InferenceModel bf16, byte[] pixels, int n) {
    if (bf16.precision() != Precision.BF16) {
      throw new IllegalArgumentException("the model computes in " + bf16.precision().label() + ", not bf16");
    }
    int dim = bf16.config().encoderDim();
    float[][] local16 = PrecisionCheck.rows(bf16.localDescriptors(pixels, n), dim);
    float[][] global16 = PrecisionCheck.rows(bf16.describe(pixels, n), bf16.config().descriptorDim());
    float[][] local32;
    float[][] global32;
    try (InferenceModel fp32 = new InferenceModel(bf16.config(), 0, Precision.FP32)) {
      fp32.load(bf16.weights());
      local32 = PrecisionCheck.rows(fp32.localDescriptors(pixels, n), dim);
      global32 = PrecisionCheck.rows(fp32.describe(pixels, n), bf16.config().descriptorDim());
    }
    double[] local = PrecisionCheck.cosines(local32, local16);
    return new Outcome(n, PrecisionCheck.mean(local), PrecisionCheck.min(local),
        PrecisionCheck.min(PrecisionCheck.cosines(global32, global16)));
  }

  /**
   * Prints the outcome and stops the command (exit 2) when the local features fall below the
   * floor, unless the policy forces bf16, which is then only warned about.
   */
  public static void judge(Outcome outcome, Policy policy, String command) {
    System.out.println(outcome.summary() + String.format(Locale.ROOT, " (floor %.5f)", policy.floor()));
    if (outcome.localCosineMean() >= policy.floor()) {
      return;
    }
    String problem = String.format(Locale.ROOT, "bf16 on this CPU gives local features at cosine %.5f to fp32,"
        + " below the floor %.5f: its bf16 kernels are not computing correctly", outcome.localCosineMean(),
        policy.floor());
    if (policy.force()) {
      LOG.warn("{}; continuing because --force-bf16 was given", problem);
      return;
    }
    throw new VprException(command + ": " + problem + "; use --precision fp32 (or --force-bf16 to use bf16 anyway)");
  }

  /** {@link #measure} and {@link #judge} in one: what a command calls before its real work. */
  public static Outcome verify(InferenceModel bf16, byte[] pixels, int n, Policy policy, String command) {
    Outcome outcome = measure(bf16, pixels, n);
    judge(outcome, policy, command);
    return outcome;
  }
}
