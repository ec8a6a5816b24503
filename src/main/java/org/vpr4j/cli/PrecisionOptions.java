package org.vpr4j.cli;

import org.vpr4j.VprException;
import org.vpr4j.bench.Bf16SelfCheck;
import org.vpr4j.model.CpuFeatures;
import org.vpr4j.model.SessionConfig.Precision;

/** The options that decide when bf16 is accepted, shared by every command that takes --precision. */
final class PrecisionOptions {
  private PrecisionOptions() {}

  static OptionSet add(OptionSet o) {
    return o.value("bf16-min-cosine", "X", String.valueOf(Bf16SelfCheck.DEFAULT_FLOOR), "bf16: before the real work,"
            + " bf16 is compared with fp32 on " + Bf16SelfCheck.IMAGES + " images and refused when the mean cosine of"
            + " their local features falls below X (correct bf16 arithmetic gives about 0.99997; see docs/benchmarks.md)")
        .flag("force-bf16", "bf16: use it even when the self-check falls below --bf16-min-cosine (a warning instead"
            + " of exit 2)");
  }

  static Bf16SelfCheck.Policy policy(Args args, String command) {
    double floor = args.number("bf16-min-cosine");
    if (floor < 0 || floor > 1) {
      throw new VprException(command + ": --bf16-min-cosine " + args.string("bf16-min-cosine")
          + " is not a cosine floor: give a number within [0, 1]");
    }
    return new Bf16SelfCheck.Policy(floor, args.flag("force-bf16"));
  }

  /** {@code precision}, after checking that this CPU can compute it at all. */
  static Precision checked(Precision precision, String command) {
    if (precision == Precision.BF16) {
      Bf16SelfCheck.requireSupport(CpuFeatures.current(), command);
    }
    return precision;
  }
}
