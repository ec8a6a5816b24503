package org.vpr4j.guidance;

import java.util.Arrays;
import java.util.Locale;
import org.vpr4j.VprException;

/** How a full-resolution keep-mask is brought down to the feature grid (input size / 16). */
public enum GridReduction {
  /** The reference: bicubic, align_corners=True, unclamped (docs/guidance.md). */
  BICUBIC {
    @Override
    public float[] apply(float[] masks, int n, int inH, int inW, int outH, int outW) {
      return BicubicAlignCorners.resize(masks, n, inH, inW, outH, outW);
    }
  },
  /** Our option: the share of static-scene pixels under each cell, in [0, 1]. */
  AREA {
    @Override
    public float[] apply(float[] masks, int n, int inH, int inW, int outH, int outW) {
      return AreaAverage.resize(masks, n, inH, inW, outH, outW);
    }
  };

  /** Reduces {@code n} masks of {@code inH x inW} to {@code outH x outW}. */
  public abstract float[] apply(float[] masks, int n, int inH, int inW, int outH, int outW);

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code bicubic} or {@code area}; {@code origin} names the option in the error. */
  public static GridReduction parse(String name, String origin) {
    for (GridReduction g : values()) {
      if (g.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return g;
      }
    }
    throw new VprException(origin + ": '" + name + "' is not one of "
        + Arrays.stream(values()).map(GridReduction::id).toList());
  }
}
